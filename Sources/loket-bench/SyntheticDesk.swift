import Foundation
import LoketDomain
import LoketStore

/// Deterministic, believable help-desk traffic (Bahasa Indonesia, English, emoji, CJK) for benchmarks.
struct SyntheticDesk {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }

    static let names = ["Budi Santoso", "Ani Wijaya", "Siti Rahma", "Agus Pratama", "Dewi Lestari", "Rizky Maulana",
                        "Putri Ayu", "Hendra Gunawan", "Wang Wei 王伟", "Maria Tan", "John Miller", "Nur Aisyah"]
    static let complaints = [
        "Kartu ATM saya tertelan di mesin Jl. Sudirman, mohon bantuannya segera",
        "Transfer ke rekening BCA gagal tapi saldo sudah terpotong Rp 2.500.000",
        "Aplikasi mobile banking tidak bisa login sejak pagi, muncul error 503",
        "My credit card was charged twice for the same purchase of IDR 750,000",
        "Kenapa ada biaya administrasi Rp 15.000 bulan ini? Biasanya tidak ada",
        "Saya mau blokir kartu kredit, sepertinya dicuri 😰",
        "Internet banking minta OTP terus tapi SMS tidak pernah masuk",
        "I need a statement letter for my visa application, how long does it take?",
        "我们的转账一直没有到账，请帮忙查一下",
        "Saldo tabungan berkurang tanpa transaksi, tolong dicek 🙏",
    ]
    static let replies = [
        "Mohon maaf atas ketidaknyamanannya, kami cek dulu ya Kak 🙏",
        "Baik, boleh dibantu nomor rekening dan nama lengkap sesuai KTP?",
        "Thank you for waiting, we have escalated this to our card team.",
        "Dana akan dikembalikan dalam 3x24 jam kerja.",
        "Silakan datang ke cabang terdekat dengan membawa KTP dan buku tabungan.",
    ]

    /// A conversation with `messages` lines ending at `end`.
    mutating func conversation(index: Int, messages: Int, end: Date) -> HistoryImport {
        let number = "6281\(String(format: "%09d", index))"
        let states: [ConversationState] = [.waiting, .open, .open, .pending, .resolved, .resolved]
        let state = pick(states)
        let agent = state == .waiting ? nil : pick(["sari", "budi", "rina", "dimas"])
        var lines: [HistoryImport.Line] = []
        let start = end.addingTimeInterval(-Double(messages) * 300 - Double(next() % 86_400))
        for i in 0..<messages {
            let at = start.addingTimeInterval(Double(i) * 300)
            let inbound = state == .waiting || i % 2 == 0 || agent == nil
            lines.append(.init(direction: inbound ? .inbound : .outbound,
                               body: inbound ? pick(Self.complaints) + " #\(index)-\(i)" : pick(Self.replies),
                               at: at, agent: inbound ? nil : agent, wamid: "wamid.bench.\(index).\(i)"))
        }
        return HistoryImport(customer: .phone(PhoneNumber(trustedDigits: number)), profileName: pick(Self.names),
                             state: state, assignee: agent, lines: lines)
    }
}

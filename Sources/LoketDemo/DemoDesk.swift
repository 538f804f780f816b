public import Foundation
import LoketDomain
public import LoketMedia
public import LoketStore

/// The demo's bank help line: Bank Nusantara, its team, its templates and ~40 conversations in every state,
/// in Bahasa Indonesia and English, from several countries.
public enum DemoDesk {
    public static let supervisor = "demo"
    public static let agents: [(login: String, name: String)] = [
        ("sari", "Sari Dewi"), ("budi", "Budi Prakoso"), ("rina", "Rina Kusuma"), ("dimas", "Dimas Saputra"), ("ayu", "Ayu Lestari"),
    ]

    public static let business = BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: true,
                                                 qualityRating: "GREEN")

    public static func templates(at now: Date) -> [MessageTemplate] {
        func t(_ name: String, _ language: String, _ category: PricingCategory, _ text: String, status: String = "APPROVED") -> MessageTemplate {
            let body = text.replacingOccurrences(of: "\"", with: "\\\"")
            return MessageTemplate(name: name, language: language, category: category, status: status,
                                   componentsJSON: #"[{"type":"BODY","text":"\#(body)"}]"#, parameterFormat: "positional", updatedAt: now)
        }
        return [
            t("service_disruption", "id", .utility,
              "Yth. Nasabah, layanan {{1}} di wilayah {{2}} sedang mengalami gangguan. Perkiraan pulih pukul {{3}}. Mohon maaf atas ketidaknyamanannya 🙏"),
            t("service_restored", "id", .utility, "Layanan {{1}} sudah kembali normal. Terima kasih atas kesabaran Anda 🙏"),
            t("maintenance_notice", "en_US", .utility,
              "Scheduled maintenance: {{1}} will be unavailable on {{2}} from {{3}}. We apologise for the inconvenience."),
            t("follow_up", "id", .utility, "Halo {{1}}, kami ingin menindaklanjuti laporan Anda. Apakah masalahnya sudah teratasi?"),
            t("card_blocked", "id", .utility, "Kartu Anda yang berakhiran {{1}} sudah kami blokir. Kartu pengganti dapat diambil di cabang {{2}}."),
            t("promo_kpr", "id", .marketing, "Bunga KPR mulai {{1}}% tetap 3 tahun! Ajukan sebelum {{2}}. Balas STOP untuk berhenti."),
            t("verification_code", "en_US", .authentication, "{{1}} is your Bank Nusantara verification code. Do not share it."),
            t("promo_cashback", "id", .marketing, "Cashback {{1}} untuk transaksi QRIS!", status: "REJECTED"),
            // Every component: a text header's variable, named body variables, a footer, a URL button and a quick reply.
            MessageTemplate(name: "card_delivery", language: "id", category: .utility, status: "APPROVED", componentsJSON: #"""
                [{"type":"HEADER","format":"TEXT","text":"Kartu {{card_type}} Anda"},
                 {"type":"BODY","text":"Halo {{name}}, kartu Anda dikirim dengan nomor resi {{tracking}}."},
                 {"type":"FOOTER","text":"Bank Nusantara"},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Lacak kiriman","url":"https://nusantara.example/lacak/{{1}}"},
                                              {"type":"QUICK_REPLY","text":"Sudah diterima"}]}]
                """#, parameterFormat: "named", updatedAt: now),
        ]
    }

    /// A line of history: who (c = customer, a = agent, n = note), minutes ago, text, and the type.
    struct L {
        var who: Character
        var ago: Double
        var text: String
        var kind: MessageKind = .text
        /// A customer's attachment: its bytes (made by ``DemoMedia``), type and file name.
        var file: (bytes: Data, mimeType: String, name: String?)? = nil
    }

    struct Chat {
        var number: String
        var name: String
        var labels: [String] = []
        var state: ConversationState
        var agent: String?
        var lines: [L]
    }

    static let chats: [Chat] = [
        // Waiting: most urgent first in the queue; some past the 5-minute SLA.
        Chat(number: "6281234567890", name: "Budi Santoso", labels: ["kartu"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 12, text: "Kartu ATM saya tertelan di mesin Jl. Sudirman 😰"),
            L(who: "c", ago: 11, text: "Tolong dibantu secepatnya ya, saya perlu uang tunai hari ini"),
            L(who: "c", ago: 10, text: "[image] Foto struk ATM", kind: "image", file: (DemoMedia.screenshot(), "image/png", nil))]),
        Chat(number: "6285612345678", name: "Ani Wijaya", labels: ["transfer"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 8, text: "Transfer ke rekening BCA gagal tapi saldo sudah terpotong Rp 2.500.000")]),
        Chat(number: "8613800138000", name: "王伟", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 6, text: "我们的转账一直没有到账，请帮忙查一下 🙏")]),
        Chat(number: "6281311112222", name: "Siti Nurhaliza", labels: ["mobile"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 4, text: "Aplikasi mobile banking tidak bisa login sejak pagi, muncul error 503")]),
        Chat(number: "6587654321", name: "Tan Wei Ming", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 3.5, text: "Hi, I'm in Singapore and my debit card is declined everywhere. Is overseas use blocked?")]),
        Chat(number: "6281577778888", name: "Agus Pratama", labels: ["kartu"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 3, text: "Saya mau blokir kartu kredit, sepertinya dicuri 😱"),
            L(who: "c", ago: 2.8, text: "Ada transaksi Rp 4.750.000 di Tokopedia yang bukan saya")]),
        Chat(number: "6281299990000", name: "Dewi Lestari", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 2.5, text: "[location] ATM Bank Nusantara Blok M (-6.2444, 106.8000)", kind: "location"),
            L(who: "c", ago: 2.4, text: "ATM di lokasi ini rusak dari kemarin, layar mati total")]),
        Chat(number: "60123456789", name: "Nur Aisyah", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 2, text: "Boleh saya tahu kadar pertukaran IDR ke MYR untuk pemindahan hari ini?")]),
        Chat(number: "6281355554444", name: "Rizky Maulana", labels: ["otp"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 1.5, text: "Internet banking minta OTP terus tapi SMS tidak pernah masuk")]),
        Chat(number: "6281366667777", name: "Putri Ayu", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 1, text: "Kenapa ada biaya administrasi Rp 15.000 bulan ini? Biasanya tidak ada 🤔")]),
        Chat(number: "14155550123", name: "John Miller", state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 0.6, text: "I need a bank reference letter for my visa application, how long does it take?")]),
        Chat(number: "6281388889999", name: "Hendra Gunawan", labels: ["transfer"], state: .waiting, agent: nil, lines: [
            L(who: "c", ago: 0.3, text: "Dana dari luar negeri belum masuk sudah 3 hari, nomor referensi SWIFT NUSAIDJA 88213")]),

        // Open: held by an agent, some windows about to close or closed.
        Chat(number: "6281122334455", name: "Siti Rahma", labels: ["mobile"], state: .open, agent: "sari", lines: [
            L(who: "c", ago: 95, text: "Saldo tabungan berkurang tanpa transaksi, tolong dicek 🙏"),
            L(who: "a", ago: 90, text: "Baik Kak Siti, boleh dibantu 4 digit terakhir nomor rekening?"),
            L(who: "c", ago: 88, text: "4471"),
            L(who: "n", ago: 85, text: "Ada debit autodebet asuransi Rp 250.000, cek ke tim bancassurance"),
            L(who: "a", ago: 80, text: "Terima kasih Kak. Ternyata ada autodebet premi asuransi Rp 250.000 tanggal 25. Apakah Kakak merasa mendaftar?"),
            L(who: "c", ago: 20, text: "Oh iya saya lupa, waktu buka rekening ditawari. Bisa dibatalkan?")]),
        Chat(number: "6281233445566", name: "Bambang Sutrisno", state: .open, agent: "sari", lines: [
            L(who: "c", ago: 50, text: "Mau tanya cara aktivasi m-token di HP baru"),
            L(who: "a", ago: 45, text: "Bisa Pak, buka aplikasi lalu pilih Aktivasi Perangkat Baru ya. Kode aktivasi dikirim via SMS."),
            L(who: "c", ago: 40, text: "Sudah berhasil, terima kasih banyak 👍")]),
        Chat(number: "6281244556677", name: "Lina Marlina", labels: ["kpr"], state: .open, agent: "budi", lines: [
            L(who: "c", ago: 70, text: "Saya mau tanya syarat pengajuan KPR untuk karyawan kontrak"),
            L(who: "a", ago: 65, text: "Selamat siang Bu Lina. Syaratnya KTP, NPWP, slip gaji 3 bulan, dan surat keterangan kerja minimal 2 tahun."),
            L(who: "c", ago: 30, text: "[document] slip-gaji-oktober.pdf", kind: "document",
              file: (DemoMedia.statement(["PT Sinar Jaya - Slip Gaji Oktober 2026", "Gaji pokok 8.500.000", "Diterima 7.950.000"]),
                     "application/pdf", "slip-gaji-oktober.pdf")),
            L(who: "c", ago: 29, text: "Ini slip gaji saya, apakah sudah cukup?")]),
        Chat(number: "6281255667788", name: "Yusuf Hamdani", state: .open, agent: "budi", lines: [
            L(who: "c", ago: 60 * 23.6, text: "Kartu kredit saya limitnya turun tanpa pemberitahuan"),
            L(who: "a", ago: 60 * 23.5, text: "Mohon maaf Pak, kami cek dulu ke tim kartu kredit ya."),
            L(who: "n", ago: 60 * 23, text: "Tim CC: penurunan limit karena review berkala, bisa ajukan kenaikan lagi bulan depan")]),
        Chat(number: "61412345678", name: "Olivia Brown", state: .open, agent: "rina", lines: [
            L(who: "c", ago: 60 * 30, text: "Hello, I transferred AUD 2,000 to my Nusantara account and it hasn't arrived"),
            L(who: "a", ago: 60 * 29.5, text: "Hi Olivia, international transfers take 2-3 working days. Could you share the transfer reference?"),
            L(who: "c", ago: 60 * 29, text: "Sure, it's AU88213XK. Thanks!")]),
        Chat(number: "6281266778899", name: "Ratna Sari", labels: ["kartu"], state: .open, agent: "rina", lines: [
            L(who: "c", ago: 25, text: "PIN kartu debit saya terblokir karena salah 3x"),
            L(who: "a", ago: 22, text: "Baik Bu, untuk reset PIN bisa melalui aplikasi menu Kartu > Reset PIN, atau datang ke cabang dengan KTP."),
            L(who: "c", ago: 5, text: "Di aplikasi tidak ada menu itu, saya pakai versi 4.2 😕")]),
        Chat(number: "819012345678", name: "Sato Haruki", state: .open, agent: "dimas", lines: [
            L(who: "c", ago: 35, text: "I will travel to Jakarta next week. Can I open an account with a passport only?"),
            L(who: "a", ago: 30, text: "Welcome Sato-san! Foreign nationals need a passport and KITAS/KITAP to open a savings account.")]),
        Chat(number: "6281277889900", name: "Fajar Nugroho", state: .open, agent: "dimas", lines: [
            L(who: "c", ago: 15, text: "Tagihan kartu kredit saya dobel untuk pembelian di Shopee Rp 899.000"),
            L(who: "a", ago: 12, text: "Mohon maaf Pak Fajar, kami ajukan dispute ke tim kartu ya. Prosesnya maksimal 14 hari kerja."),
            L(who: "c", ago: 9, text: "Oke, nomor tiketnya berapa?")]),
        Chat(number: "6281288990011", name: "Maya Anggraini", state: .open, agent: "ayu", lines: [
            L(who: "c", ago: 45, text: "Saya sudah transfer untuk bayar cicilan tapi statusnya masih belum dibayar"),
            L(who: "a", ago: 42, text: "Halo Kak Maya, boleh kirim bukti transfernya?"),
            L(who: "c", ago: 40, text: "[image] bukti transfer", kind: "image", file: (DemoMedia.screenshot(width: 100, height: 160), "image/png", nil)),
            L(who: "a", ago: 35, text: "Sudah kami terima Kak, pembayaran akan terupdate maksimal 1x24 jam 🙏")]),
        Chat(number: "6281299001122", name: "Eko Prasetyo", state: .open, agent: "ayu", lines: [
            L(who: "c", ago: 60 * 26, text: "Mau tutup rekening, prosedurnya bagaimana?"),
            L(who: "a", ago: 60 * 25.8, text: "Penutupan rekening harus di cabang ya Pak, membawa KTP dan buku tabungan.")]),
        Chat(number: "971501234567", name: "Ahmed Al Mansoori", state: .open, agent: "sari", lines: [
            L(who: "c", ago: 18, text: "Salam. I want to send money to my driver's account at Bank Nusantara. What SWIFT code do I use?"),
            L(who: "a", ago: 16, text: "Wa alaikum salam. Our SWIFT code is NUSAIDJA. Please include the full account number and name.")]),
        Chat(number: "6281300112233", name: "Wulan Sari", labels: ["mobile"], state: .open, agent: "budi", lines: [
            L(who: "c", ago: 7, text: "QRIS tidak bisa dipakai di merchant, katanya transaksi ditolak"),
            L(who: "a", ago: 6, text: "Boleh dibantu screenshot errornya Kak?")]),

        // Pending: waiting on the customer or another team.
        Chat(number: "6281311223344", name: "Joko Widodo", state: .pending, agent: "sari", lines: [
            L(who: "c", ago: 60 * 5, text: "Saya mau ganti nomor HP yang terdaftar"),
            L(who: "a", ago: 60 * 4.9, text: "Bisa Pak, mohon kirim foto KTP dan selfie dengan KTP untuk verifikasi."),
            L(who: "n", ago: 60 * 4.8, text: "Menunggu dokumen dari nasabah")]),
        Chat(number: "6281322334455", name: "Indah Permata", labels: ["kpr"], state: .pending, agent: "budi", lines: [
            L(who: "c", ago: 60 * 8, text: "Status pengajuan KPR saya bagaimana ya?"),
            L(who: "a", ago: 60 * 7.5, text: "Sedang dalam proses appraisal Bu, kami kabari paling lambat Jumat."),
            L(who: "n", ago: 60 * 7.4, text: "Follow up ke tim KPR hari Kamis")]),
        Chat(number: "447700900123", name: "Emily Clarke", state: .pending, agent: "rina", lines: [
            L(who: "c", ago: 60 * 20, text: "My statement shows a foreign exchange fee I wasn't told about"),
            L(who: "a", ago: 60 * 19.5, text: "Hi Emily, we've asked our cards team to review the fee and will get back to you within 2 days.")]),
        Chat(number: "6281333445566", name: "Teguh Santoso", state: .pending, agent: "dimas", lines: [
            L(who: "c", ago: 60 * 3, text: "Dana deposito saya jatuh tempo tapi belum cair"),
            L(who: "a", ago: 60 * 2.9, text: "Kami cek ke bagian deposito dulu ya Pak 🙏")]),
        Chat(number: "919876543210", name: "Priya Sharma", state: .pending, agent: "ayu", lines: [
            L(who: "c", ago: 60 * 10, text: "Can my company pay salaries to Indonesian staff through your payroll service?"),
            L(who: "a", ago: 60 * 9.5, text: "Yes! Our business team will contact you. Could you share your company name and email?")]),
        Chat(number: "6281344556677", name: "Sri Mulyani", state: .pending, agent: "sari", lines: [
            L(who: "c", ago: 60 * 30, text: "Mau klaim asuransi perjalanan, dokumennya apa saja?"),
            L(who: "a", ago: 60 * 29.8, text: "Formulir klaim, tiket, boarding pass, dan bukti kerugian Bu. Formulir kami kirim via email ya.")]),

        // Resolved.
        Chat(number: "6281355667788", name: "Andi Wijaya", state: .resolved, agent: "sari", lines: [
            L(who: "c", ago: 60 * 28, text: "Lupa password internet banking"),
            L(who: "a", ago: 60 * 27.9, text: "Silakan pilih Lupa Password di halaman login, lalu ikuti instruksinya ya Pak."),
            L(who: "c", ago: 60 * 27.5, text: "Sudah bisa, makasih 🙏")]),
        Chat(number: "6281366778899", name: "Rina Hartati", state: .resolved, agent: "budi", lines: [
            L(who: "c", ago: 60 * 50, text: "Jam operasional cabang Kemang sampai jam berapa?"),
            L(who: "a", ago: 60 * 49.9, text: "Cabang Kemang buka Senin–Jumat 08.00–15.00 dan Sabtu 08.00–12.00.")]),
        Chat(number: "6591234567", name: "Lim Mei Ling", state: .resolved, agent: "rina", lines: [
            L(who: "c", ago: 60 * 40, text: "Is there a fee to withdraw cash at partner ATMs in Singapore?"),
            L(who: "a", ago: 60 * 39.8, text: "Yes, SGD 5 per withdrawal at partner ATMs. Thank you for asking!")]),
        Chat(number: "6281377889900", name: "Darmawan", state: .resolved, agent: "dimas", lines: [
            L(who: "c", ago: 60 * 20, text: "Kartu kredit saya sudah lunas, mau minta surat keterangan lunas"),
            L(who: "a", ago: 60 * 19.5, text: "Surat keterangan lunas sudah kami kirim ke email Bapak ya."),
            L(who: "c", ago: 60 * 19, text: "Sudah diterima 👍")]),
        Chat(number: "6281388990011", name: "Kartika Putri", state: .resolved, agent: "ayu", lines: [
            L(who: "c", ago: 60 * 36, text: "Bagaimana cara top up e-money lewat aplikasi?"),
            L(who: "a", ago: 60 * 35.9, text: "Menu Bayar > E-Money > pilih penyedia > masukkan nominal ya Kak 😊")]),
        Chat(number: "60198765432", name: "Ahmad Faizal", state: .resolved, agent: "sari", lines: [
            L(who: "c", ago: 60 * 72, text: "Adakah caj untuk pemindahan dari Maybank ke Bank Nusantara?"),
            L(who: "a", ago: 60 * 71.5, text: "Untuk pemindahan antarabangsa, caj bergantung pada bank pengirim. Dari pihak kami tiada caj penerimaan.")]),
        Chat(number: "6281399001122", name: "Sinta Dewi", state: .resolved, agent: "budi", lines: [
            L(who: "c", ago: 60 * 4, text: "[location] Kantor Cabang Bank Nusantara Sudirman (-6.2253, 106.8009)", kind: "location"),
            L(who: "c", ago: 60 * 3.9, text: "Apakah cabang ini buka hari Sabtu?"),
            L(who: "a", ago: 60 * 3.8, text: "Buka Kak, Sabtu 08.00–12.00 🙂")]),
        Chat(number: "8613912345678", name: "李娜", state: .resolved, agent: "rina", lines: [
            L(who: "c", ago: 60 * 60, text: "你好，请问可以用中文服务吗？"),
            L(who: "a", ago: 60 * 59.5, text: "您好！我们可以提供简单的中文服务，也可以用英文沟通。请问有什么可以帮您？")]),
        Chat(number: "6281400112233", name: "Gilang Ramadhan", state: .resolved, agent: "dimas", lines: [
            L(who: "c", ago: 60 * 12, text: "STOP"),
            L(who: "a", ago: 60 * 11.9, text: OptOutKeywords.confirmation(for: .optOut))]),
    ]

    /// Whether the store already holds the demo (a second `loket demo` reuses it).
    public static func isSeeded(_ store: any LoketStore) async throws -> Bool {
        try await store.business() != nil
    }

    /// Writes the business, team, templates and conversations into an empty store.
    /// Seeds an empty store; customers' attachments are kept in `mediaFolder` (without one they show as never stored).
    public static func seed(_ store: any LoketStoreMaintenance, now: Date = Date(), mediaFolder: MediaFolder? = nil) async throws {
        try await store.saveBusiness(business)
        _ = try await store.addAgent(login: supervisor, name: "Demo Supervisor", role: .supervisor, capacity: 20)
        _ = try await store.addAgent(login: "rudi", name: "Rudi Hartono", role: .supervisor, capacity: 10)
        for a in agents { _ = try await store.addAgent(login: a.login, name: a.name, role: .agent, capacity: 8) }
        try await store.upsertTemplates(templates(at: now))
        try await store.installStarterCannedReplies()
        try await store.importHistory(chats.enumerated().map { i, chat in
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: chat.number)), profileName: chat.name, labels: chat.labels,
                          state: chat.state, assignee: chat.agent, lines: chat.lines.enumerated().map { k, l in
                let at = now.addingTimeInterval(-l.ago * 60)
                switch l.who {
                case "a": return .init(direction: .outbound, body: l.text, at: at, status: .read, agent: chat.agent, wamid: "wamid.DEMO.\(i).\(k)")
                case "n": return .init(direction: .note, kind: .note, body: l.text, at: at, agent: chat.agent)
                default:
                    return .init(direction: .inbound, kind: l.kind, body: l.text, at: at, wamid: "wamid.DEMO.\(i).\(k)",
                                 media: l.file.map { keep($0, kind: MediaKind(rawValue: l.kind.rawValue) ?? .document, in: mediaFolder) })
                }
            }, optedOut: chat.lines.contains { $0.who == "c" && OptOutKeywords.intent(of: $0.text) == .optOut })
        })
    }

    /// A seeded attachment, kept in the media folder as the gateway would have kept it.
    static func keep(_ file: (bytes: Data, mimeType: String, name: String?), kind: MediaKind, in folder: MediaFolder?) -> MessageMedia {
        var media = MessageMedia(kind: kind, mimeType: file.mimeType, size: file.bytes.count, fileName: file.name, state: .expired,
                                 lastError: "the demo has no media folder")
        guard let kept = try? folder?.keep(file.bytes, extension: MediaLimits.fileExtension(forMimeType: file.mimeType)) else { return media }
        media.file = kept.path; media.sha256 = kept.sha256; media.state = .ready; media.lastError = nil
        return media
    }
}

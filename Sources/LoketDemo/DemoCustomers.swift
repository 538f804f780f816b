import Foundation
import LoketDomain
public import LoketSimulator

/// The demo's customers: they write in every few seconds, answer agents' replies, react to announcements
/// and now and then opt out, all through the simulator's signed webhooks (the real gateway path).
public actor DemoCustomers {
    let simulator: CloudAPISimulator
    private var generator = SystemRandomNumberGenerator()
    private var seen = 0
    private var pendingReplies: [(at: Date, to: String, text: String, replyTo: String)] = []
    private var nextComplaint = Date()
    private var nextOptOut = Date().addingTimeInterval(75)
    private var newcomer = 0
    private var names: [String: String]

    public init(simulator: CloudAPISimulator) {
        self.simulator = simulator
        names = Dictionary(DemoDesk.chats.map { ($0.number, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    static let newcomers: [(number: String, name: String)] = [
        ("6281390001001", "Rudy Hartono"), ("6281390001002", "Melati Suryani"), ("6281390001003", "Bayu Aji"),
        ("6281390001004", "Citra Kirana"), ("6281390001005", "Dodi Firmansyah"), ("6281390001006", "Nadia Putri"),
        ("6590001007", "Chen Jia Hui"), ("6281390001008", "Wahyu Hidayat"), ("60190001009", "Siti Aminah"),
        ("6281390001010", "Yoga Pratama"), ("14155550110", "Sarah Johnson"), ("6281390001011", "Laras Ayuningtyas"),
        ("8613700001012", "张伟"), ("6281390001013", "Irfan Hakim"), ("6281390001014", "Mega Wati"),
        ("61400001015", "Jack Wilson"), ("6281390001016", "Tiara Andini"), ("6281390001017", "Rangga Saputra"),
    ]

    static let complaints = [
        "Kartu ATM saya tertelan di mesin Indomaret, gimana cara ambilnya? 😥",
        "Transfer BI-FAST gagal tapi saldo sudah terpotong Rp 1.200.000",
        "Aplikasi mobile banking force close terus setelah update",
        "Saya tidak bisa tarik tunai di ATM, katanya melebihi limit padahal belum",
        "Ada SMS mencurigakan minta kode OTP atas nama Bank Nusantara, ini penipuan ya?",
        "Mohon info cara menaikkan limit transfer harian",
        "My card got blocked after I entered the wrong PIN, how do I unblock it?",
        "Virtual account untuk bayar kuliah tidak ditemukan, padahal nomornya benar",
        "Saldo e-money tidak bertambah setelah top up Rp 100.000 🙏",
        "I was charged an annual fee on a card I cancelled last month",
        "Bunga deposito bulan ini kok belum masuk?",
        "Tolong, HP saya hilang dan m-banking masih aktif di HP itu!",
        "请问信用卡年费是多少？",
        "Kapan kartu kredit pengganti saya dikirim? Sudah 2 minggu",
        "Autodebet listrik PLN gagal bulan ini, apakah ada gangguan?",
    ]

    /// Answers to an agent, in the customer's language (Indonesian numbers answer in Indonesian).
    static let followUps: [String: [String]] = [
        "id": ["Baik, terima kasih atas bantuannya 🙏", "Oke saya coba dulu ya", "Masih belum bisa, bagaimana lagi?",
               "Nomor rekening saya 1234-5678-90", "Sudah saya kirim, mohon dicek", "Kira-kira berapa lama prosesnya?",
               "Siap, ditunggu kabarnya 👍"],
        "zh": ["谢谢！", "好的，我再试一下", "请问需要多长时间？"],
        "en": ["Thanks, that helps!", "OK, I'll try that", "Still not working, what else can I do?", "How long will it take?"],
    ]

    /// The language a customer writes in, from their number's country.
    static func language(of number: String) -> String {
        if number.hasPrefix("62") { return "id" }
        if number.hasPrefix("86") || number.hasPrefix("852") { return "zh" }
        return "en"
    }

    /// A thank-you to an announcement, in the customer's language.
    static func thanks(_ number: String) -> String {
        switch language(of: number) {
        case "id": return "Terima kasih infonya 🙏"
        case "zh": return "谢谢通知"
        default: return "Thanks for letting me know"
        }
    }

    /// Runs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let now = Date()
            collectAgentReplies(now: now)
            await sendDueReplies(now: now)
            if now >= nextComplaint {
                await complain()
                nextComplaint = now.addingTimeInterval(Double.random(in: 3...7, using: &generator))
            }
            if now >= nextOptOut {
                await optOut()
                nextOptOut = now.addingTimeInterval(Double.random(in: 60...120, using: &generator))
            }
            try? await Task.sleep(nanoseconds: 500_000_000)
        }
    }

    /// What agents and announcements sent since the last look: some of it gets an answer a little later.
    func collectAgentReplies(now: Date) {
        let accepted = simulator.acceptedRequests
        guard accepted.count > seen else { return }
        for a in accepted[seen...] {
            switch a.type {
            case "text":
                pendingReplies.append((now.addingTimeInterval(Double.random(in: 5...12, using: &generator)), a.to,
                                       (Self.followUps[Self.language(of: a.to)] ?? Self.followUps["en"]!).randomElement(using: &generator)!, a.wamid))
            case "template" where Int.random(in: 0..<10, using: &generator) < 2:
                let text = Int.random(in: 0..<8, using: &generator) == 0 ? (Self.language(of: a.to) == "id" ? "BERHENTI" : "STOP") : Self.thanks(a.to)
                pendingReplies.append((now.addingTimeInterval(Double.random(in: 3...15, using: &generator)), a.to, text, a.wamid))
            default: break
            }
        }
        seen = accepted.count
    }

    func sendDueReplies(now: Date) async {
        let due = pendingReplies.filter { $0.at <= now }
        pendingReplies.removeAll { $0.at <= now }
        for r in due {
            _ = try? await simulator.customerWrites(from: r.to, name: names[r.to] ?? "Nasabah", text: r.text, replyTo: r.replyTo)
        }
    }

    /// A new complaint, now and then with a photo, a statement, a voice note or a location.
    func complain() async {
        let who = Self.newcomers[newcomer % Self.newcomers.count]
        newcomer += 1
        names[who.number] = who.name
        let text = Self.complaints.randomElement(using: &generator)!
        _ = try? await simulator.customerWrites(from: who.number, name: who.name, text: text)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            // Real files, fetched by the gateway like Meta's: a screenshot, a statement, a voice note.
            _ = try? await simulator.customerSendsMedia(from: who.number, name: who.name, kind: .image, bytes: DemoMedia.screenshot(),
                                                        mimeType: "image/png", caption: "Screenshot error")
        case 1:
            let location = WebhookPayloads.message(type: "location", wamid: "wamid.DEMO.loc.\(UUID().uuidString)", from: who.number, payload: [
                "latitude": -6.1754, "longitude": 106.8272, "name": "ATM Bank Nusantara Monas", "address": "Jl. Medan Merdeka, Jakarta Pusat"])
            _ = try? await simulator.customerSends([location], from: who.number, name: who.name)
        case 2:
            _ = try? await simulator.customerSendsMedia(
                from: who.number, name: who.name, kind: .document,
                bytes: DemoMedia.statement(["Bank Nusantara - Rekening Koran", "Nama: \(who.name)", "01/11 Transfer BI-FAST  -1.200.000",
                                            "01/11 Saldo akhir      4.350.000"]),
                mimeType: "application/pdf", caption: "Ini mutasi rekening saya", fileName: "mutasi-november.pdf")
        case 3:
            _ = try? await simulator.customerSendsMedia(from: who.number, name: who.name, kind: .audio, bytes: DemoMedia.voiceNote(),
                                                        mimeType: "audio/amr", voice: true)
        default: break
        }
    }

    /// Someone who had enough of announcements.
    func optOut() async {
        guard let who = Self.newcomers.prefix(max(1, min(newcomer, Self.newcomers.count))).randomElement(using: &generator) else { return }
        _ = try? await simulator.customerWrites(from: who.number, name: who.name, text: Bool.random(using: &generator) ? "STOP" : "BERHENTI")
    }
}

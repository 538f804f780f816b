import LoketTestSupport
import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore

/// A clock tests can move.
final class FixedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date
    init(_ date: Date) { now = date }
    var date: Date { lock.withLock { now } }
    func advance(_ s: TimeInterval) { lock.withLock { now = now.addingTimeInterval(s) } }
}

/// A seeded bank help line with Indonesian, English, emoji and CJK text, on a temporary store, a fixed
/// clock (27 Nov 2026 10:00 UTC) and the in-memory terminal.
@MainActor
struct ConsoleFixture {
    static let now = Date(timeIntervalSince1970: 1_795_773_600) // 2026-11-27T10:00:00Z
    let store: SQLiteStore
    let clock: FixedClock
    let path: String

    init(agent: String = "sari") async throws {
        path = ScratchDirectory.make("console") + "/loket.db"
        let clock = FixedClock(Self.now)
        self.clock = clock
        let rates = "market,currency,marketing,utility,authentication,authentication_international,service\nIndonesia,USD,0.0411,0.0250,0.0250,0.1360,0\nOther,USD,0.0604,0.0077,0.0077,,0\n"
        let codes = "prefix,iso2,country,market\n62,ID,Indonesia,Indonesia\n86,CN,China,Other\n1,US,United States,Other\n"
        store = try SQLiteStore(path: path, rateCard: try RateCard(ratesCSV: rates, callingCodesCSV: codes), clock: { clock.date })
        try await store.saveBusiness(BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: true,
                                                     qualityRating: "GREEN"))
        try await store.addAgent(login: "rudi", name: "Rudi Hartono", role: .supervisor, capacity: 10)
        try await store.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 6)
        try await store.addAgent(login: "budi", name: "Budi Prakoso", role: .agent, capacity: 6)
        try await store.upsertTemplates([MessageTemplate(
            name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
            componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}} di {{2}}, perkiraan pulih {{3}}. Mohon maaf 🙏"}]"#,
            parameterFormat: "positional", updatedAt: Self.now)])
        let t = Self.now
        func at(_ minutesAgo: Double) -> Date { t.addingTimeInterval(-minutesAgo * 60) }
        try await store.importHistory([
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi Santoso", state: .waiting, assignee: nil,
                          lines: [.init(direction: .inbound, body: "Kartu ATM saya tertelan di mesin Jl. Sudirman 😰", at: at(7), wamid: "w.budi.1"),
                                  .init(direction: .inbound, body: "Tolong dibantu secepatnya ya", at: at(6), wamid: "w.budi.2")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6285612345678")), profileName: "Ani Wijaya", state: .waiting, assignee: nil,
                          lines: [.init(direction: .inbound, body: "Transfer gagal tapi saldo terpotong Rp 2.500.000", at: at(2), wamid: "w.ani.1")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "8613800138000")), profileName: "王伟", state: .waiting, assignee: nil,
                          lines: [.init(direction: .inbound, body: "我们的转账一直没有到账，请帮忙查一下 🙏", at: at(1), wamid: "w.wang.1")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281122334455")), profileName: "Siti Rahma", state: .open, assignee: "sari",
                          lines: [.init(direction: .inbound, body: "Aplikasi mobile banking tidak bisa login", at: at(60 * 26), wamid: "w.siti.1"),
                                  .init(direction: .outbound, body: "Baik Kak, kami cek dulu ya 🙏", at: at(60 * 25.9), status: .read, agent: "sari", wamid: "w.siti.2"),
                                  .init(direction: .note, kind: .note, body: "cek ke tim digital", at: at(60 * 25.8), agent: "rudi"),
                                  .init(direction: .inbound, body: "Sudah bisa, terima kasih!", at: at(30), wamid: "w.siti.3"),
                                  .init(direction: .outbound, body: "Sama-sama Kak 😊", at: at(29), status: .delivered, agent: "sari", wamid: "w.siti.4")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "16505551234")), profileName: "John Miller", state: .open, assignee: "sari",
                          lines: [.init(direction: .inbound, body: "My card was charged twice for the same purchase", at: at(60 * 30), wamid: "w.john.1"),
                                  .init(direction: .outbound, body: "We are checking with the card team.", at: at(60 * 29), status: .sent, agent: "sari", wamid: "w.john.2")]),
        ])
    }

    static var settings: ConsoleSettings { ConsoleSettings(slaMinutes: 5, timeZone: "Asia/Jakarta") }

    func controller(agent: String = "sari", theme: Theme = ThemeLoader.defaultTheme(), keymap: Keymap = Keymap(),
                    settings: ConsoleSettings = ConsoleFixture.settings) async throws -> ConsoleController {
        let me = try await store.agent(login: agent)!
        let clock = self.clock
        return ConsoleController(store: store, me: me, keymap: keymap, theme: theme, settings: settings, clock: { clock.date })
    }

    /// A controller on the in-memory screen, loaded (its first heartbeat written) and drawn.
    func console(agent: String = "sari", width: Int = 120, height: Int = 32, theme: Theme = ThemeLoader.defaultTheme(),
                 settings: ConsoleSettings = ConsoleFixture.settings) async throws -> Screen {
        let c = try await controller(agent: agent, theme: theme, settings: settings)
        await c.start()
        await c.settle()
        return Screen(controller: c, width: width, height: height)
    }
}

/// The console on an in-memory screen, driven by keys like an agent would (lazygit-style: press, then assert meaning).
/// Each key's store writes are settled before the next key, so its effects are on the screen when a test looks.
@MainActor
final class Screen {
    let controller: ConsoleController
    let terminal: InMemoryTerminal

    init(controller: ConsoleController, width: Int, height: Int) {
        self.controller = controller
        terminal = InMemoryTerminal(width: width, height: height)
        draw()
    }

    func draw() { terminal.present(controller.render(width: terminal.size.width, height: terminal.size.height)) }

    func press(_ keys: Key...) async {
        for k in keys { await controller.handle(k); await controller.settle() }
        draw()
    }

    func type(_ text: String) async {
        for ch in text { await controller.handle(.char(ch)); await controller.settle() }
        draw()
    }

    func resize(_ w: Int, _ h: Int) { terminal.resize(width: w, height: h); draw() }

    var text: String { terminal.text }
    var lines: [String] { text.components(separatedBy: "\n") }

    /// The row of the screen containing `s`.
    func line(containing s: String) -> String? { lines.first { $0.contains(s) } }

    /// True when the queue row containing `s` is the selected one (▶ marker).
    func isSelected(_ s: String) -> Bool {
        lines.dropFirst(2).contains { line in
            guard let bar = line.dropFirst().firstIndex(of: "│") else { return false }
            let left = line[..<bar]
            return left.contains(s) && left.contains("▶")
        }
    }

    /// Moves down a picker list until the line containing `s` carries the ▶ marker.
    func pick(_ s: String) async -> Bool {
        for _ in 0..<30 {
            if line(containing: s)?.contains("▶") ?? false { return true }
            await press(.char("j"))
        }
        return false
    }

    /// Moves down the queue until the row containing `s` is selected (at most 50 moves).
    func select(_ s: String) async -> Bool {
        await press(.char("g"))
        for _ in 0..<50 {
            if isSelected(s) { return true }
            await press(.char("j"))
        }
        return isSelected(s)
    }
}

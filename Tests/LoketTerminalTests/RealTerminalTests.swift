import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// The real `loket console` in a real terminal (tmux): typing, sending, resizing, quitting, crashing.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct RealTerminalTests {
    static func seededStore() async throws -> (dir: String, store: SQLiteStore) {
        let dir = ScratchDirectory.make("tmux")
        try "[business]\nname = \"Bank Nusantara\"\ndisplay_number = \"+62 21 5000 1234\"\nofficial = true\n"
            .write(toFile: dir + "/loket.toml", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/loket.db")
        try await seed(store)
        return (dir, store)
    }

    /// Bank Nusantara's desk on any backend: rudi (supervisor), sari (agent) holding Budi Santoso's chat, and 王伟 waiting.
    static func seed(_ store: any LoketStore) async throws {
        try await store.saveBusiness(BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: true))
        try await store.addAgent(login: "rudi", name: "Rudi Hartono", role: .supervisor, capacity: 10)
        try await store.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 6)
        let now = Date()
        try await store.importHistory([
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi Santoso", state: .open, assignee: "sari",
                          lines: [.init(direction: .inbound, body: "Kartu ATM saya tertelan 😰", at: now.addingTimeInterval(-300), wamid: "w1")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "8613800138000")), profileName: "王伟", state: .waiting, assignee: nil,
                          lines: [.init(direction: .inbound, body: "我们的转账一直没有到账", at: now.addingTimeInterval(-60), wamid: "w2")]),
        ])
    }

    static func env(_ dir: String) -> [String: String] {
        ["LOKET_STORE": dir + "/loket.db", "LOKET_CONFIG": dir + "/loket.toml", "LOKET_AGENT": "sari", "LOKET": LoketBinary.path]
    }

    /// The shell answers after Loket is gone, with echo and canonical mode restored.
    static func shellIsUsable(_ t: TmuxSession) async -> Bool {
        let token = "shell-ok-\(Int.random(in: 1000...9999))"
        t.send("stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo \(token)", enter: true)
        guard await t.waitFor(token + "\n") && t.screen.contains(token) else { return false }
        let screen = t.screen
        return screen.contains("icanon") && !screen.contains("-icanon") && !screen.contains("-echo ")
    }

    @Test func typeSendResizeAndQuit() async throws {
        let (dir, store) = try await Self.seededStore()
        let t = try TmuxSession(width: 120, height: 32, environment: Self.env(dir))
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.send("2")
        #expect(await t.waitFor("▶"))
        t.key("Enter")
        #expect(await t.waitFor("0/4096"))
        t.send("Mohon maaf 🙏 ")
        // Resize while typing: the layout follows, the draft stays.
        t.resize(80, 24)
        #expect(await t.waitFor { $0.components(separatedBy: "\n").first?.count ?? 200 <= 81 })
        t.send("我们")
        #expect(await t.waitFor("Mohon maaf 🙏 我们"))
        t.resize(100, 30)
        #expect(await t.waitForLayout(100, 30))
        #expect(t.screen.contains("Mohon maaf 🙏 我们"))
        t.key("Enter")
        #expect(await t.waitFor("queued for sending"))
        let due = try await store.takeDue(now: Date().addingTimeInterval(1), limit: 10)
        #expect(due.contains { $0.payload == .text(body: "Mohon maaf 🙏 我们", replyTo: nil) }, "byte-exact in the outbox")
        // The composer stays open after a send (what is typed next is text, never commands): Esc leaves it.
        t.send("q")
        #expect(await t.waitFor("› q"), "typed after a send, q is text")
        t.key("BSpace")
        t.key("Escape")
        #expect(await t.waitFor("? help"), "the composer is left")
        t.send("q")
        #expect(await t.waitFor { !$0.contains("Bank Nusantara") }, "\(t.screen)")
        #expect(await Self.shellIsUsable(t))
    }

    /// A quit after any number of resizes leaves the shell's screen exactly as it was: the lines before
    /// the console, then what the shell prints after it, and nothing of the console between.
    /// $LANG names Indonesian, as on an agent's laptop, but the server never generated that locale: the
    /// console speaks Indonesian and still draws UTF-8 (✔, ·, 王伟) with the columns right.
    @Test func anIndonesianLocaleThatIsNotInstalledStillDrawsUTF8() async throws {
        let (dir, _) = try await Self.seededStore()
        var env = Self.env(dir)
        env["LANG"] = "id_ID.UTF-8"
        env["LC_ALL"] = ""
        let t = try TmuxSession(width: 120, height: 32, environment: env)
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Resmi · +62 21 5000 1234 · sari (agen) · 1 daring · 1 menunggu"), "\(t.screen)")
        #expect(t.screen.contains("王伟") && t.screen.contains("Menunggu 1"))
        // The columns are right once the whole frame is drawn (the header may arrive a moment before the rest).
        #expect(await t.waitFor { screen in
            screen.components(separatedBy: "\n").dropFirst(1).prefix(10)
                .allSatisfy { $0.isEmpty || $0.hasSuffix("┐") || $0.hasSuffix("│") || $0.hasSuffix("┤") }
        }, "\(t.screen)")
        t.send("q")
        #expect(await Self.shellIsUsable(t))
    }

    @Test func theShellScreenSurvivesResizes() async throws {
        let (dir, store) = try await Self.seededStore()
        // A full queue: rows down to the bottom of every size.
        try await store.importHistory((0..<40).map { i in
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "62812000\(10000 + i)")), profileName: "Nasabah \(i)", state: .waiting,
                          assignee: nil, lines: [.init(direction: .inbound, body: "Pertanyaan nomor \(i) tentang saldo dan kartu ATM saya",
                                                        at: Date().addingTimeInterval(Double(-600 + i)), wamid: "w.full.\(i)")])
        })
        let t = try TmuxSession(width: 110, height: 22, term: "tmux-256color", environment: Self.env(dir))
        t.send("clear; echo BEFORE; \"$LOKET\" console; echo EXIT=$?", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        for (w, h) in [(120, 30), (100, 20), (130, 25)] {
            t.resize(w, h)
            #expect(await t.waitForLayout(w, h), "\(w)x\(h): \(t.screen)")
        }
        t.send("q")
        #expect(await t.waitFor("EXIT=0"))
        let lines = t.screen.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.first == "BEFORE" && lines.dropFirst().first == "EXIT=0", "\(t.screen)")
        #expect(!t.screen.contains("│") && !t.screen.contains("Nasabah"), "no fragment of the console: \(t.screen)")
    }

    @Test func aPasteWithNewlinesStaysInTheComposer() async throws {
        let (dir, store) = try await Self.seededStore()
        let t = try TmuxSession(width: 120, height: 32, environment: Self.env(dir))
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.send("2")
        t.key("Enter")
        #expect(await t.waitFor("0/4096"))
        t.paste("Langkah 1: blokir kartu\nLangkah 2: datang ke cabang 🙏")
        #expect(await t.waitFor("Langkah 2: datang ke cabang"))
        #expect(t.screen.contains("Langkah 1: blokir kartu"))
        #expect(try await store.takeDue(now: Date().addingTimeInterval(1), limit: 10).filter {
            if case .text = $0.payload { return true } else { return false }
        }.isEmpty, "a pasted newline sends nothing")
        t.key("Enter")
        #expect(await t.waitFor("queued for sending"))
        let due = try await store.takeDue(now: Date().addingTimeInterval(1), limit: 10)
        #expect(due.contains { $0.payload == .text(body: "Langkah 1: blokir kartu\nLangkah 2: datang ke cabang 🙏", replyTo: nil) })
        t.key("Escape")
        #expect(await t.waitFor("? help"), "the composer is left")
        t.send("q")
        #expect(await Self.shellIsUsable(t))
    }

    @Test func aCrashStillRestoresTheTerminal() async throws {
        let (dir, _) = try await Self.seededStore()
        let t = try TmuxSession(width: 100, height: 30, environment: Self.env(dir))
        t.send("\"$LOKET\" console --agent sari; echo status=$?", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        // SIGSEGV from outside, as a crash would raise it.
        // Only this pane's console: the children of its shell.
        let shell = t.shellPID
        let pkill = try Subprocess.run("/usr/bin/pkill", ["-SEGV", "-P", shell])
        #expect(pkill.status == 0, "no console under shell \(shell)")
        // Killed by the signal (128 + 11), after putting the terminal back.
        #expect(await t.waitFor("status=139"))
        #expect(await t.waitFor { !$0.contains("Bank Nusantara ✔ Official") })
        #expect(await Self.shellIsUsable(t))
    }

    @Test func ctrlCQuitsCleanly() async throws {
        let (dir, _) = try await Self.seededStore()
        let t = try TmuxSession(width: 100, height: 30, environment: Self.env(dir))
        t.send("\"$LOKET\" console; echo exit=$?", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.key("C-c")
        #expect(await t.waitFor("exit=0"))
        #expect(await Self.shellIsUsable(t))
    }

    @Test func tooSmallAndBack() async throws {
        let (dir, _) = try await Self.seededStore()
        let t = try TmuxSession(width: 100, height: 30, environment: Self.env(dir))
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.resize(50, 12)
        #expect(await t.waitFor("Terminal too small"))
        t.resize(90, 26)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.send("q")
        #expect(await Self.shellIsUsable(t))
    }
}

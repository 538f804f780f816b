import Foundation
import Testing
import LoketConsole
import LoketDomain
import LoketStore
import LoketSQLite
import TermCore

/// Text dumps of whole screens at several sizes, compared with `Snapshots/NAME.txt` (tig's approach).
/// `RECORD_SNAPSHOTS=1 swift test` writes them anew (and fails, so a recording is never mistaken for a pass).
enum Snapshot {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = dir.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name); run the tests again", sourceLocation: sourceLocation)
            return
        }
        if expected != text + "\n" {
            Issue.record("snapshot \(name) differs:\n--- expected\n\(expected)--- actual\n\(text)\n", sourceLocation: sourceLocation)
        }
    }
}

@MainActor
@Suite(.serialized) struct SnapshotTests {
    @Test(arguments: [(60, 16), (80, 24), (200, 60)])
    func queueAndConversation(width: Int, height: Int) async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: width, height: height)
        Snapshot.check(s.text, named: "queue-\(width)x\(height)")
        // Every line fits the screen exactly, wide characters included.
        for line in s.lines { #expect(DisplayWidth.of(line) <= width) }
    }

    @Test(arguments: [(60, 16), (80, 24), (200, 60)])
    func composingInAConversationWithHistory(width: Int, height: Int) async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: width, height: height)
        await s.press(.char("2"))               // Mine: Siti and John
        await s.press(.enter)
        await s.type("Mohon maaf 🙏 我们 cek dulu")
        Snapshot.check(s.text, named: "composer-\(width)x\(height)")
        for line in s.lines { #expect(DisplayWidth.of(line) <= width) }
    }

    /// The console at 80x24 in both languages: the queue with a conversation, the customer panel, a dialog.
    @Test(arguments: [Words.Language.en, .id])
    func bothLanguagesAt80x24(language: Words.Language) async throws {
        let f = try await ConsoleFixture()
        _ = try await f.store.setLabels(.customer(PhoneNumber(trustedDigits: "6281122334455")), add: ["vip"], remove: [], by: "sari")
        var settings = ConsoleFixture.settings
        settings.language = language
        let s = try await f.console(width: 80, height: 24, settings: settings)
        await s.press(.char("2"))
        Snapshot.check(s.text, named: "desk-\(language.rawValue)-80x24")
        await s.press(.char("i"))
        Snapshot.check(s.text, named: "customer-\(language.rawValue)-80x24")
        await s.press(.escape, .char("p"))
        Snapshot.check(s.text, named: "pending-\(language.rawValue)-80x24")
        for line in s.lines { #expect(DisplayWidth.of(line) <= 80) }
        if language == .id {
            #expect(s.text.contains("Tunda Siti Rahma sampai…") && s.text.contains("Sampai:"), "\(s.text)")
        }
    }

    @Test func helpScreenIsGeneratedFromTheBindings() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 100, height: 40)
        await s.press(.char("?"))
        Snapshot.check(s.text, named: "help-100x40")
    }

    @Test(arguments: [(60, 16), (80, 24), (200, 60)])
    func announcementConfirmationAndProgress(width: Int, height: Int) async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi", width: width, height: height)
        await s.press(.char("A"), .enter)
        for p in ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"] { await s.type(p); await s.press(.enter) }
        await s.press(.enter)
        Snapshot.check(s.text, named: "announce-confirm-\(width)x\(height)")
        for line in s.lines { #expect(DisplayWidth.of(line) <= width) }
        await s.press(.enter)
        Snapshot.check(s.text, named: "announce-progress-\(width)x\(height)")
        for line in s.lines { #expect(DisplayWidth.of(line) <= width) }
    }

    @Test func helpScrollsWhenTallerThanTheScreen() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 80, height: 24)
        await s.press(.char("?"))
        #expect(s.text.contains("j/k scroll") && s.text.contains("Show this help"))
        #expect(!s.text.contains("Leave the composer"), "the last lines are below the fold")
        for _ in 0..<40 { await s.press(.char("j")) }
        #expect(s.text.contains("Leave the composer; the draft is kept"), "scrolled to the end")
        #expect(!s.text.contains("Show this help"))
        await s.press(.char("k"))
        #expect(s.text.contains("Help"))
        await s.press(.char("x"))
        #expect(!s.text.contains("Help —"), "any other key closes it")
    }

    @Test func tooSmall() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 59, height: 20)
        #expect(s.text.contains("Terminal too small"))
        #expect(s.text.contains("this one is 59x20"))
        s.resize(80, 15)
        #expect(s.text.contains("this one is 80x15"))
        s.resize(60, 16)
        #expect(!s.text.contains("too small") && s.text.contains("Bank Nusantara"))
    }

    @Test(arguments: ThemeLoader.builtInNames)
    func everyThemeDrawsEveryScreen(theme name: String) async throws {
        let theme = try ThemeLoader.load(name)
        let f = try await ConsoleFixture()
        for (w, h) in [(80, 24), (200, 60)] {
            let s = try await f.console(width: w, height: h, theme: theme)
            // Themes change colours, never content.
            let plain = try await f.console(width: w, height: h)
            #expect(s.text == plain.text)
            let styles = Set(s.terminal.frame.cells.map(\.style))
            if name == "mono" {
                #expect(styles.allSatisfy { $0.fg == .default && $0.bg == .default }, "mono uses no colours")
            } else {
                #expect(styles.count > 5, "\(name) styles the screen")
            }
            await s.press(.char("?"))
            #expect(s.text.contains("Help"))
            // The announcement dialogs, as a supervisor, in this theme.
            let sup = try await f.console(agent: "rudi", width: w, height: h, theme: theme)
            await sup.press(.char("A"))
            #expect(sup.text.contains("New announcement"))
            if name != "mono" { #expect(Set(sup.terminal.frame.cells.map(\.style)).count > 5) }
        }
    }
}

@MainActor
@Suite struct MonoThemeTests {
    @Test func monoResolvesEveryStyleWithoutColour() throws {
        let mono = try ThemeLoader.load("mono")
        let coloured = Theme.knownKeys.filter { mono[$0].fg != .default || mono[$0].bg != .default }
        #expect(coloured.isEmpty, "\(coloured)")
    }
}

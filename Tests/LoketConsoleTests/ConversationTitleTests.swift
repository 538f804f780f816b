import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// The conversation title starts with the customer's real number in its own style; the profile name comes
/// after it, cut short, so a name like `Budi +62 812-3456-7890 ·` cannot pass for the number.
@MainActor
@Suite struct ConversationTitleTests {
    @Test func aProfileNameCannotPassForTheNumber() async throws {
        let f = try await ConsoleFixture()
        try await f.store.importHistory([HistoryImport(
            customer: .phone(PhoneNumber(trustedDigits: "6281399998888")), profileName: "Budi +62 812-3456-7890 ·", state: .waiting,
            assignee: nil, lines: [.init(direction: .inbound, body: "Tolong transfer ke rekening ini", at: ConsoleFixture.now.addingTimeInterval(-20 * 60),
                                         wamid: "w.spoof.1")])])
        let s = try await f.console(width: 160, height: 30)
        #expect(await s.select("Budi +62"))
        // The conversation box's top border: ┌ TITLE ─…┐ right of the queue.
        let top = Array(s.lines[1])
        let corner = try #require(top.indices.dropFirst().first { top[$0] == "┌" })
        let title = String(top[(corner + 2)...])
        #expect(title.hasPrefix("+62 813-9999-8888 · Budi +62 812-3456-7… · window 23:40 left · unassigned"), "\(title)")
        #expect(!title.contains("3456-7890"), "the name is cut before it can show a whole number")

        let theme = ThemeLoader.defaultTheme()
        let frame = s.terminal.frame
        let number = (corner + 2)..<(corner + 2 + "+62 813-9999-8888".count)
        let name = (number.upperBound + 3)..<(number.upperBound + 3 + "Budi +62 812-3456-7…".count)
        #expect(number.allSatisfy { frame[$0, 1].style == theme["conversation.number"] }, "the real number has its own style")
        #expect(name.allSatisfy { frame[$0, 1].style == theme["title"] && frame[$0, 1].style != theme["conversation.number"] },
                "the name is plain title text")
    }

    @Test(arguments: ThemeLoader.builtInNames)
    func everyThemeSetsTheNumberApart(theme name: String) throws {
        let theme = try ThemeLoader.load(name, environment: [:])
        #expect(theme["conversation.number"] != theme["title"] && theme["conversation.number"] != theme["title.focused"])
    }
}

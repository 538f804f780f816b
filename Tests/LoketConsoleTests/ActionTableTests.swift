import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// The action table: one declaration per action drives keys, footer and help in every mode; rebinds reach
/// dialogs; actions not allowed now say why before they are tried.
@MainActor
@Suite struct ActionTableTests {
    func console(_ f: ConsoleFixture, agent: String = "sari", keymap: Keymap, width: Int = 120, height: Int = 32) async throws -> Screen {
        let c = try await f.controller(agent: agent, keymap: keymap)
        await c.start()
        await c.settle()
        return Screen(controller: c, width: width, height: height)
    }

    @Test func helpListsEveryModesActionsWithReboundKeys() async throws {
        let keymap = try Keymap.parse("[keys]\nquit = \"Q\"\nsend = \"Ctrl-S\"\nselect = [\"Enter\", \"F2\"]\n", file: "keys.toml")
        let state = ConsoleState(me: Agent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 5))
        let lines = HelpScreen.lines(state: state, keymap: keymap, now: ConsoleFixture.now)
        for scope in KeyScope.allCases where scope != .normal {
            #expect(lines.contains { $0.style == "help.group" && $0.text == scope.title }, "\(scope) has a heading")
        }
        for b in ActionTable.all where b.action.presetKey == nil || b.action == .presetF6 {
            #expect(lines.contains { $0.text.hasPrefix(b.summary) }, "\(b.action) in \(b.scope) is on the help screen")
        }
        #expect(lines.contains { $0.keys == "Q" && $0.text == "Quit Loket" })
        #expect(lines.contains { $0.keys == "Q" && $0.text.hasPrefix("Close the dialog") }, "the progress dialog's q follows the rebind")
        #expect(lines.contains { $0.keys == "Ctrl-S" && $0.text.hasPrefix("Send the reply") })
        #expect(lines.contains { $0.keys == "Enter/F2" && $0.text == "Choose the selected row" })
        // On screen, scrolling reaches the last scope's keys.
        let f = try await ConsoleFixture()
        let s = try await console(f, agent: "rudi", keymap: keymap, width: 100, height: 30)
        await s.press(.char("?"))
        #expect(s.text.contains("Queue and conversation") || s.text.contains("General"))
        for _ in 0..<20 { await s.press(.pageDown) }
        let last = try #require(ActionTable.scopeOrder.last)
        let lastSummary = try #require(ActionTable.byScope[last]?.last).summary
        #expect(s.text.contains(last.title) || s.text.contains(lastSummary), "\(s.text)")
    }

    @Test func aReboundQuitClosesTheProgressDialog() async throws {
        let f = try await ConsoleFixture()
        _ = try await f.store.startAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM", "Jakarta", "14:00"],
                                                audience: .all, by: "rudi")
        let keymap = try Keymap.parse("[keys]\nquit = \"Q\"\n", file: "keys.toml")
        let s = try await console(f, agent: "rudi", keymap: keymap)
        await s.press(.char("A"))
        #expect(s.controller.currentScope == .progress)
        #expect(s.lines.last?.contains("Q close") == true, "the footer shows the rebound key: \(s.lines.last ?? "")")
        await s.press(.char("q"))
        #expect(s.controller.currentScope == .progress, "q is not bound any more")
        await s.press(.char("Q"))
        #expect(s.controller.currentScope == .normal)
        #expect(!s.controller.quitRequested)
    }

    @Test func anAgentIsToldWhyBeforeTrying() async throws {
        let f = try await ConsoleFixture()
        let wang = ConversationRef.customer(PhoneNumber(trustedDigits: "8613800138000"))
        try await f.store.claim(wang, by: "budi")
        let s = try await f.console(agent: "sari", width: 120, height: 60)
        // Help says why A and a are not for her now.
        await s.press(.char("?"))
        #expect(s.text.contains("not now: only supervisors send announcements"), "\(s.text)")
        await s.press(.escape)
        // Someone else's chat: a says why and opens no picker.
        await s.press(.char("3"))
        #expect(await s.select("王伟"))
        let reason = ActionTable.disabledReason(.assign, in: .normal, state: s.controller.state, now: ConsoleFixture.now)
        #expect(reason == "only a supervisor may reassign budi's chat")
        await s.press(.char("a"))
        #expect(s.controller.currentScope == .normal)
        #expect(s.text.contains("only a supervisor may reassign budi's chat"))
        // The footer dims what she cannot do here.
        let hints = FooterBar.hints(state: s.controller.state, keymap: s.controller.keymap, now: ConsoleFixture.now)
        #expect(hints.first { $0.label == "assign" }?.disabled == true)
        #expect(hints.first { $0.label == "announce" }?.disabled == true)
        #expect(hints.first { $0.label == "help" }?.disabled == false)
        // A supervisor has both.
        let r = try await f.console(agent: "rudi")
        let rh = FooterBar.hints(state: r.controller.state, keymap: r.controller.keymap, now: ConsoleFixture.now)
        #expect(rh.first { $0.label == "announce" }?.disabled == false)
    }

    @Test func theSelectedBreachedRowKeepsItsSLAColour() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 160, height: 30)
        #expect(s.isSelected("Budi Santoso"))
        let theme = ThemeLoader.defaultTheme()
        let y = s.lines.indices.dropFirst(2).first { s.lines[$0].contains("Budi Santoso") }!
        let x = Array(s.lines[y]).firstIndex(of: "7")!
        #expect(theme["queue.sla_breached"].fg != theme["queue.selected"].fg, "the test can tell them apart")
        #expect(s.terminal.frame[x, y].style.fg == theme["queue.sla_breached"].fg)
        #expect(s.terminal.frame[x, y].style.bg == theme["queue.selected"].bg, "still visibly selected")
        let marker = Array(s.lines[y]).firstIndex(of: "▶")!
        #expect(s.terminal.frame[marker, y].style.fg == theme["queue.sla_breached"].fg)
    }

    @Test func theHeaderKeepsTheNumberAt100Columns() async throws {
        let f = try await ConsoleFixture()
        for width in [100, 110, 120] {
            let s = try await f.console(width: width, height: 24)
            #expect(s.lines[0].contains("+62 21 5000 1234"), "\(width): \(s.lines[0])")
        }
    }
}

/// The message cursor, leaving for the shell or $EDITOR.
@MainActor
@Suite struct MessageCursorTests {
    @Test func jkMoveOverMessagesAndThePaneFollows() async throws {
        let f = try await ConsoleFixture()
        let budi = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))
        try await f.store.claim(budi, by: "sari")
        for i in 0..<60 { _ = try await f.store.note(budi, by: "sari", text: "catatan nomor \(i)") }
        let s = try await f.console(width: 100, height: 30)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        #expect(s.controller.state.selectedMessage == nil)
        await s.press(.tab, .char("k"))
        #expect(s.controller.state.selectedMessage?.body == "catatan nomor 59")
        #expect(s.line(containing: "catatan nomor 59")?.contains("▌") == true, "the selected message is marked")
        #expect(s.line(containing: "catatan nomor 58")?.contains("▌") == false)
        for _ in 0..<40 { await s.press(.char("k")) }
        #expect(s.controller.state.selectedMessage?.body == "catatan nomor 19")
        #expect(s.line(containing: "catatan nomor 19 ")?.contains("▌") == true, "scrolled to it: \(s.text)")
        #expect(!s.text.contains("catatan nomor 59"))
        await s.press(.char("j"))
        #expect(s.controller.state.selectedMessage?.body == "catatan nomor 20")
        await s.press(.end)
        #expect(s.controller.state.selectedMessage == nil && s.text.contains("catatan nomor 59"))
        // The queue pane still moves conversations.
        await s.press(.tab, .char("j"))
        #expect(s.controller.state.messageCursor == nil)
    }

    @Test func ctrlZAndTheEditorAreHandedToTheLoop() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("2"))
        #expect(await s.select("Siti Rahma"))
        await s.press(.ctrl("z"))
        #expect(s.controller.takeSuspendRequest() && !s.controller.takeSuspendRequest())
        await s.press(.enter)
        await s.type("Baik")
        await s.press(.ctrl("x"))
        #expect(s.controller.takeEditorRequest() == "Baik")
        await s.controller.takeEditedDraft(ExternalEditor.edit("Baik", environment: ["EDITOR": "printf 'Baik Bu, kami cek dulu\\n' >"]))
        s.draw()
        #expect(s.controller.state.composer.string == "Baik Bu, kami cek dulu")
        #expect(s.text.contains("Baik Bu, kami cek dulu"))
    }
}

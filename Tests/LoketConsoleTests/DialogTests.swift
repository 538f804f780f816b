import Foundation
import GRDB
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Dialogs as components on a stack: the shared list (filter as you type) and text field, registration in
/// one place, the search hit shown and marked in its conversation.
@MainActor
@Suite struct DialogTests {
    static let budi = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))

    @Test func aPickerFiltersAsYouTypeAndEnterChoosesTheMatch() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budi, by: "sari")
        let s = try await f.console(agent: "rudi", width: 120, height: 32)
        await s.press(.char("3"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("a"))
        #expect(s.controller.topDialog is AssignDialog)
        #expect(s.text.contains("Rudi Hartono") && s.text.contains("Budi Prakoso"))
        // `/` starts the filter: letters (even j and k) are typed, not moves.
        await s.press(.char("/"))
        #expect(s.controller.currentScope == .filter)
        await s.type("prak")
        #expect(s.text.contains("Filter: prak"))
        #expect(!s.text.contains("Rudi Hartono") && s.line(containing: "Budi Prakoso")?.contains("▶") == true, "\(s.text)")
        // Esc drops the filter; the selection stays on the match.
        await s.press(.escape)
        #expect(s.controller.currentScope == .list && s.text.contains("Rudi Hartono"))
        #expect(s.line(containing: "Budi Prakoso")?.contains("▶") == true)
        // Enter chooses it; moving sari's chat asks for a reason, typed in the shared field (cursor keys edit in place).
        await s.press(.enter)
        #expect(s.controller.currentScope == .field)
        await s.type("shift")
        await s.press(.home)
        await s.type("end of ")
        #expect(s.text.contains("Reason for moving it to budi: end of shift"), "\(s.text)")
        await s.press(.enter)
        #expect(s.controller.dialogs.isEmpty)
        let c = try await f.store.conversation(Self.budi, for: nil)
        #expect(c.assignee == "budi")
        let audit = try await f.store.audit(conversation: c.id, limit: 10, by: "rudi")
        #expect(audit.contains { $0.reason == "end of shift" })
    }

    @Test func aFilterWithNoMatchSaysSoAndEnterDoesNothing() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi", width: 120, height: 32)
        await s.press(.char("t"))
        #expect(s.controller.topDialog is TemplateDialog)
        await s.press(.char("/"))
        await s.type("zzz")
        #expect(s.text.contains("no match"))
        await s.press(.enter)
        #expect(s.controller.topDialog is TemplateDialog, "nothing chosen, the dialog stays")
        await s.press(.escape, .escape)
        #expect(s.controller.dialogs.isEmpty)
    }

    @Test func everyDialogIsRegisteredOnceAndItsKeysAreOnTheHelpScreen() async throws {
        // Every normal-mode action that opens a dialog goes through the registry, and each scope has a heading.
        let openers = DialogRegistry.kinds.flatMap(\.opener)
        #expect(Set(openers).count == openers.count, "an action opens one dialog")
        for a in [Action.help, .search, .resolve, .assign, .template, .announce, .presetF6] { #expect(openers.contains(a), "\(a)") }
        let lines = HelpScreen.lines(state: ConsoleState(me: Agent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 5)),
                                     keymap: Keymap(), now: ConsoleFixture.now)
        for scope in [KeyScope.list, .filter, .field, .confirm, .progress, .searchQuery, .searchResults, .help] {
            #expect(lines.contains { $0.style == "help.group" && $0.text == scope.title }, "\(scope)")
        }
        #expect(lines.contains { $0.keys == "/" && $0.text == "Filter the rows as you type" })
        #expect(lines.contains { $0.keys == "Down/Ctrl-N" && $0.text == "Next match" })
    }

    @Test func drawingADialogChangesNothing() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi", width: 80, height: 24)
        await s.press(.char("t"), .char("/"))
        await s.type("serv")
        let dialog = try #require(s.controller.topDialog as? TemplateDialog)
        let before = (dialog.list.selectedIndex, dialog.list.top, dialog.list.filter, dialog.form)
        for (w, h) in [(60, 16), (200, 60), (80, 24)] { _ = s.controller.render(width: w, height: h) }
        #expect(dialog.list.selectedIndex == before.0 && dialog.list.top == before.1 && dialog.list.filter == before.2 && dialog.form == before.3)
    }

    @Test func aSearchHitIsScrolledToAndMarkedInItsConversation() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budi, by: "sari")
        _ = try await f.store.note(Self.budi, by: "sari", text: "nomor rekening 998877 sudah dicek")
        for i in 0..<200 { _ = try await f.store.note(Self.budi, by: "sari", text: "catatan rutin \(i)") }
        let s = try await f.console(agent: "sari", width: 120, height: 30)
        await s.press(.char("/"))
        #expect(s.controller.currentScope == .searchQuery)
        await s.type("998877")
        await s.press(.enter)
        #expect(s.controller.currentScope == .searchResults)
        // The conversation pane shows the hit (200 notes later it is far up the history), marked.
        #expect(s.controller.state.selectedMessage?.body == "nomor rekening 998877 sudah dicek")
        let right = s.lines.map { String($0.dropFirst(48)) }
        #expect(right.contains { $0.contains("nomor rekening 998877") }, "\(s.text)")
        // Enter opens it with the cursor still on the hit.
        await s.press(.enter)
        #expect(s.controller.dialogs.isEmpty && s.controller.state.pane == .conversation)
        #expect(s.controller.state.selectedMessage?.body == "nomor rekening 998877 sudah dicek")
        #expect(s.text.contains("nomor rekening 998877"))
    }

    /// The template dialog says what the template costs this customer now and offers their name as {{1}}
    /// when the template greets them with it.
    @Test func theTemplateDialogShowsTheCostAndOffersTheName() async throws {
        let f = try await ConsoleFixture()
        try await f.store.upsertTemplates([MessageTemplate(
            name: "a_follow_up", language: "id", category: .marketing, status: "APPROVED",
            componentsJSON: #"[{"type":"BODY","text":"Halo {{1}}, ada promo kartu kredit untuk Anda."}]"#,
            parameterFormat: "positional", updatedAt: ConsoleFixture.now)])
        try await f.store.claim(Self.budi, by: "sari")
        let s = try await f.console(agent: "sari", width: 120, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("t"))
        #expect(s.line(containing: "Preview:")?.contains("about $0.0411 (marketing, Indonesia)") == true, "\(s.text)")
        await s.press(.char("j"))
        #expect(s.line(containing: "Preview:")?.contains("free (utility, the 24h window is open)") == true, "\(s.text)")
        await s.press(.char("k"), .enter)
        #expect(s.text.contains("{{1}} of 1: Budi▏"), "the greeting's name is filled in: \(s.text)")
        await s.press(.escape, .char("j"), .enter)
        #expect(s.text.contains("{{1}} of 3: ▏"), "a parameter that is not a name starts empty")
    }

    /// `p` with a time: each form parks the chat until then (a past or unreadable time is refused in place).
    @Test func pendingTakesATime() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budi, by: "sari")
        let s = try await f.console(agent: "sari", width: 120, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("p"))
        await s.type("kemarin")
        await s.press(.enter)
        #expect(s.controller.topDialog is PendingDialog && s.controller.state.status?.isError == true, "refused in place")
        for (text, expected) in [("2h", ConsoleFixture.now.addingTimeInterval(7200)),
                                 ("besok 09:00", Date(timeIntervalSince1970: 1_795_831_200)),  // 28 Nov 09:00 WIB
                                 ("16:30", Date(timeIntervalSince1970: 1_795_858_200))] {      // 16:30 WIB has passed today (17:00): tomorrow
            if !(s.controller.topDialog is PendingDialog) { await s.press(.char("p")) }
            await s.press(.ctrl("u"))
            await s.type(text)
            await s.press(.enter)
            #expect(s.controller.dialogs.isEmpty, "\(text): \(s.text)")
            let c = try await f.store.conversation(Self.budi, for: nil)
            let until = try await DatabaseQueue(path: f.path).read { db in
                try Int64.fetchOne(db, sql: "SELECT pending_until FROM conversations WHERE id = ?", arguments: [c.id])
            }
            #expect(c.state == .pending && until == Int64(expected.timeIntervalSince1970 * 1000), "\(text): \(String(describing: until))")
            #expect(s.text.contains("Budi Santoso set pending until"), "\(s.text)")
        }
    }

    /// `l`: tick and untick labels, filter them, and create one by typing a new name.
    @Test func labelsAreSetFilteredAndCreated() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budi, by: "sari")
        _ = try await f.store.setLabels(.customer(PhoneNumber(trustedDigits: "6285612345678")), add: ["kartu", "vip"], remove: [], by: "sari")
        let s = try await f.console(agent: "sari", width: 120, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("l"))
        #expect(s.text.contains("[ ] kartu") && s.text.contains("[ ] vip"), "\(s.text)")
        #expect(s.controller.currentScope == .filter, "typing filters right away")
        await s.press(.down, .enter)
        #expect(s.text.contains("[x] vip"))
        #expect(try await f.store.conversation(Self.budi, for: nil).customer.labels == ["vip"])
        await s.type("keluhan")
        #expect(s.text.contains("Enter creates the label keluhan"), "\(s.text)")
        await s.press(.enter)
        #expect(Set(try await f.store.conversation(Self.budi, for: nil).customer.labels) == ["vip", "keluhan"])
        #expect(s.line(containing: "[x] keluhan")?.contains("▶") == true, "the new label is listed and selected: \(s.text)")
        await s.type("vi")
        #expect(!s.text.contains("[x] keluhan") && s.line(containing: "[x] vip")?.contains("▶") == true, "\(s.text)")
        await s.press(.enter)
        #expect(Set(try await f.store.conversation(Self.budi, for: nil).customer.labels) == ["keluhan"], "unticked")
        // Esc clears the filter, a second one closes.
        await s.press(.escape)
        #expect(s.controller.topDialog is LabelDialog)
        await s.press(.escape)
        #expect(s.controller.dialogs.isEmpty)
    }
}

import Foundation
import Testing
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore

/// Issue 11's console defects, each reproduced as the issue writes it.
@MainActor
@Suite struct Issue11Tests {
    static let budiRef = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))

    /// 1. Waiting tab → c → Enter → type a reply → Enter → type `Terima kasih` at once: the text stays in the
    /// composer; nothing is resolved, no picker opens.
    @Test func typingAfterASendStaysInTheComposer() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "budi")
        await s.press(.char("1"), .char("c"), .enter)
        await s.type("Baik Bu, kami cek dulu")
        await s.press(.enter)
        await s.type("Terima kasih")
        #expect(s.controller.state.composing == .reply)
        #expect(s.text.contains("› Terima kasih"))
        #expect(!s.text.contains("Assign to…"))
        let budi = try await f.store.conversation(Self.budiRef, for: nil)
        #expect(budi.state == .open && budi.assignee == "budi")
        #expect(try await f.store.takeDue(now: f.clock.date, limit: 10).contains { $0.payload == .text(body: "Baik Bu, kami cek dulu", replyTo: nil) })
        // Esc leaves the composer; the draft is kept.
        await s.press(.escape)
        #expect(s.controller.currentScope == .normal && s.text.contains("Terima kasih"))
    }

    /// 1. The same keys typed before the send is written (no settling between them) still land in the composer.
    @Test func keysTypedWhileTheReplyIsWrittenStayInTheComposer() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "budi")
        await s.press(.char("c"), .enter)
        await s.type("Baik Bu")
        await s.controller.handle(.enter)
        for ch in "Terima kasih" { await s.controller.handle(.char(ch)) }
        await s.controller.settle()
        s.draw()
        #expect(s.controller.state.composing == .reply)
        #expect(s.controller.state.composer.string == "Terima kasih")
        #expect(try await f.store.conversation(Self.budiRef, for: nil).state == .open)
    }

    /// 1. `r` asks first, naming the customer; any key but y/Enter keeps the chat open; `o` reopens it.
    @Test func resolveIsConfirmedAndReopenIsOffered() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "budi")
        await s.press(.char("c"))
        await s.press(.char("r"))
        #expect(s.text.contains("Resolve Budi Santoso?"))
        #expect(s.lines.last?.contains("resolve") == true && s.lines.last?.contains("keep open") == true)
        await s.press(.char("i"))
        #expect(s.text.contains("Budi Santoso not resolved"))
        #expect(try await f.store.conversation(Self.budiRef, for: nil).state == .open)
        await s.press(.char("r"), .char("y"))
        #expect(s.text.contains("resolved Budi Santoso — O reopens it"))
        #expect(try await f.store.conversation(Self.budiRef, for: nil).state == .resolved)
        // The resolved chat left Mine: nothing else is marked ▶ while the pane still shows it, and `O` undoes it.
        #expect(!s.lines.dropFirst(2).contains { $0.hasPrefix("│▶") })
        #expect(s.controller.state.conversation?.customer.profileName == "Budi Santoso")
        await s.press(.char("O"))
        #expect(s.text.contains("reopened Budi Santoso"))
        #expect(try await f.store.conversation(Self.budiRef, for: nil).state == .open)
        // Or later, from the All tab.
        await s.press(.char("r"), .enter)
        #expect(try await f.store.conversation(Self.budiRef, for: nil).state == .resolved)
        await s.press(.char("3"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("O"))
        #expect(s.text.contains("reopened Budi Santoso"))
        let budi = try await f.store.conversation(Self.budiRef, for: nil)
        #expect(budi.state == .open && budi.assignee == "budi")
        // On an open chat `O` says why not.
        await s.press(.char("O"))
        #expect(s.text.contains("only a resolved conversation can be reopened"))
    }

    /// 2. budi and sari on the Waiting tab, first row selected in both; sari presses `c`: in budi's console
    /// the ▶ and the conversation pane move together, and the status line says why.
    @Test func selectionAndPaneMoveTogetherWhenTheRowIsClaimed() async throws {
        let f = try await ConsoleFixture()
        let budi = try await f.console(agent: "budi")
        let sari = try await f.console(agent: "sari")
        #expect(budi.isSelected("Budi Santoso") && sari.isSelected("Budi Santoso"))
        let start = try await f.store.latestChange()
        await sari.press(.char("c"))
        await budi.controller.apply(try await f.store.changes(after: start, limit: 100))
        budi.draw()
        #expect(budi.isSelected("Ani Wijaya"))
        #expect(budi.controller.state.conversation?.id == budi.controller.state.selectedID)
        #expect(budi.text.contains("Transfer gagal tapi saldo terpotong"), "the pane shows Ani")
        #expect(budi.text.contains("Budi Santoso was claimed by sari"))
        // `c` and Enter act on what is shown.
        await budi.press(.char("c"))
        #expect(budi.text.contains("claimed Ani Wijaya"))
        #expect(try await f.store.conversation(.customer(PhoneNumber(trustedDigits: "6285612345678")), for: nil).assignee == "budi")
    }

    /// 2. A change that leaves the selected row in the tab keeps the selection on the same conversation.
    @Test func selectionStaysOnTheSameConversationWhenItStays() async throws {
        let f = try await ConsoleFixture()
        let budi = try await f.console(agent: "budi")
        await budi.press(.char("j"))                        // Ani
        let start = try await f.store.latestChange()
        try await f.store.claim(Self.budiRef, by: "sari")   // the row above leaves
        await budi.controller.apply(try await f.store.changes(after: start, limit: 100))
        budi.draw()
        #expect(budi.isSelected("Ani Wijaya") && budi.controller.state.conversation?.customer.profileName == "Ani Wijaya")
    }

    /// 2. A supervisor moves the chat you have selected on Mine to someone else: both move, and you are told.
    @Test func aSupervisorMovingYourChatMovesSelectionAndPaneTogether() async throws {
        let f = try await ConsoleFixture()
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        let start = try await f.store.latestChange()
        try await f.store.assign(.customer(PhoneNumber(trustedDigits: "6281122334455")), to: "budi", by: "rudi", reason: "cuti")
        await sari.controller.apply(try await f.store.changes(after: start, limit: 100))
        sari.draw()
        #expect(sari.text.contains("Siti Rahma was moved to budi"))
        let st = sari.controller.state
        #expect(st.selectedID != nil && st.conversation?.id == st.selectedID)
        #expect(sari.isSelected(st.conversation.map { $0.customer.profileName } ?? "?"))
    }

    /// 3. Waits are written with units, not like clock times.
    @Test func waitsAreWrittenWithUnits() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 160, height: 30)
        #expect(s.text.contains("▶ 7m    Budi Santoso"))
        #expect(s.text.contains("  2m    Ani Wijaya") && s.text.contains("  1m    王伟"))
        #expect(!s.text.contains("07:00") && !s.text.contains("02:00"))
        // Under a minute in seconds, over an hour in hours and minutes, over a day in days.
        f.clock.advance(-6 * 60 - 15)
        s.draw()
        #expect(s.text.contains("▶ 45s   Budi Santoso"))
        f.clock.advance(6 * 60 + 15 + 58 * 60)
        s.draw()
        #expect(s.text.contains("▶ 1h05  Budi Santoso"))
        f.clock.advance(2 * 86_400)
        s.draw()
        #expect(s.text.contains("▶ 2d    Budi Santoso"))
    }

    /// 4. At 60x16 every dialog fits (its frame whole on screen) and what is confirmed is on screen;
    /// counts are never cut.
    @Test func everyDialogFitsTheMinimumSize() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budiRef, by: "sari")
        let s = try await f.console(agent: "rudi", width: 60, height: 16)
        /// The dialog's frame: a top-left corner and a bottom-left corner below it in the same column, both
        /// inside the screen between header and footer.
        func frameIsWhole(_ what: String) {
            let rows = s.lines
            guard let top = rows.indices.first(where: { $0 >= 1 && $0 < 15 && rows[$0].dropFirst(2).contains("┌") }) else {
                Issue.record("\(what): no dialog frame\n\(s.text)"); return
            }
            let x = Array(rows[top]).dropFirst(2).firstIndex(of: "┌")!
            let bottom = rows.indices.first { $0 > top && $0 < 15 && Array(rows[$0]).indices.contains(x) && Array(rows[$0])[x] == "└" }
            #expect(bottom != nil, "\(what): the frame's bottom is on screen\n\(s.text)")
        }
        await s.press(.char("?"))
        frameIsWhole("help")
        await s.press(.escape, .char("3"))
        #expect(await s.select("Budi Sa"))
        await s.press(.char("a"))
        frameIsWhole("assign")
        await s.press(.char("j"), .enter)
        frameIsWhole("assign reason")
        #expect(s.text.contains("Reason for moving it"))
        await s.press(.escape, .escape, .char("t"))
        frameIsWhole("template")
        await s.press(.enter)
        frameIsWhole("template parameters")
        #expect(s.text.contains("{{1}} of 3"))
        await s.press(.escape, .escape, .char("r"))
        frameIsWhole("resolve")
        #expect(s.text.contains("Resolve Budi Santoso?"))
        await s.press(.escape, .char("A"))
        frameIsWhole("announcement: template")
        await s.press(.enter)
        frameIsWhole("announcement: parameters")
        #expect(s.text.contains("{{1}} of 3"))
        await s.type("ATM")
        await s.press(.enter)
        await s.type("Jakarta")
        await s.press(.enter)
        await s.type("14:00")
        await s.press(.enter)
        frameIsWhole("announcement: audience")
        #expect(s.text.contains("Audience: open"))
        await s.press(.enter)
        frameIsWhole("announcement: confirmation")
        // What is confirmed is all on screen: who, how many, the cost, the ETA, and the question itself.
        for part in ["Audience  open", "Recipients", "Cost", "ETA", "Send it to"] {
            #expect(s.text.contains(part), "\(part) is visible at 60x16\n\(s.text)")
        }
        await s.press(.enter)
        frameIsWhole("announcement progress")
        await s.press(.char("x"))
        frameIsWhole("cancel announcement")
        #expect(s.text.contains("Stop sending"))
    }

    @Test func queueCountsAreNeverCut() {
        for width in 20...60 {
            let tabs = QueuePane.tabLabels(counts: [12, 3, 57], width: width)
            #expect(tabs.last?.trimmingCharacters(in: .whitespaces).hasSuffix(" 57") == true && tabs.first?.contains(" 12") == true, "\(width): \(tabs)")
        }
        #expect(QueuePane.tabLabels(counts: [12, 3, 57], width: 28) == ["Waiting 12", "Mine 3", "All 57"])
        #expect(QueuePane.tabLabels(counts: [12, 3, 57], width: 60) == [" Waiting 12 ", " Mine 3 ", " All 57 "])
    }

    /// 10. Columns are labelled at wide sizes and the focused pane is unmistakable (not by colour alone):
    /// its title (the queue's active tab) in reverse video, the other pane's border dimmed.
    @Test func columnsAreLabelledAndTheFocusedPaneIsUnmistakable() async throws {
        let f = try await ConsoleFixture()
        for theme in ["default", "mono"] {
            let s = try await f.console(width: 160, height: 30, theme: try ThemeLoader.load(theme, environment: [:]))
            #expect(s.lines[2].contains("wait") && s.lines[2].contains("customer") && s.lines[2].contains("last message"), "\(s.lines[2])")
            func style(of text: String, row: Int) -> Style? {
                guard let i = Array(s.lines[row]).indices.first(where: { String(Array(s.lines[row])[$0...]).hasPrefix(text) }) else { return nil }
                return s.terminal.frame[i, row].style
            }
            let queueWidth = Layout(width: 160, height: 30)!.queue.width
            // The queue has the focus: its active tab is reversed, the conversation's title is not.
            #expect(style(of: "Waiting 3", row: 1)?.attrs.contains(.reverse) == true, "\(theme)")
            #expect(style(of: "Budi Santoso · window", row: 1)?.attrs.contains(.reverse) == false, "\(theme)")
            #expect(s.terminal.frame[queueWidth, 1].style.attrs.contains(.dim), "\(theme): the other pane's border is dimmed")
            await s.press(.tab)
            #expect(style(of: "Budi Santoso · window", row: 1)?.attrs.contains(.reverse) == true, "\(theme)")
            #expect(style(of: "Waiting 3", row: 1)?.attrs.contains(.reverse) == false, "\(theme)")
            #expect(s.terminal.frame[0, 1].style.attrs.contains(.dim) && !s.terminal.frame[queueWidth, 1].style.attrs.contains(.dim), "\(theme)")
        }
    }

    /// Ctrl-C with a draft asks first; drafts survive quitting and come back in the next console.
    @Test func draftsSurviveARestartAndCtrlCAsksFirst() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(Self.budiRef, by: "sari")
        let s = try await f.console(width: 120, height: 30)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.enter)
        await s.type("Mohon ditunggu sebentar")
        await s.press(.escape, .ctrl("c"))
        #expect(s.text.contains("1 unsent draft") && !s.controller.quitRequested, "\(s.text)")
        await s.press(.char("n"))
        #expect(s.controller.dialogs.isEmpty && !s.controller.quitRequested)
        await s.press(.ctrl("c"), .ctrl("c"))
        #expect(s.controller.quitRequested, "a second Ctrl-C quits")
        await s.controller.leave()
        #expect(try await f.store.drafts(agent: "sari").values.contains("Mohon ditunggu sebentar"))
        // The next console (another day, another host) has it back in Budi's composer.
        let next = try await f.console(width: 120, height: 30)
        await next.press(.char("2"))
        #expect(await next.select("Budi Santoso"))
        #expect(next.controller.state.composer.string == "Mohon ditunggu sebentar")
        #expect(next.text.contains("Mohon ditunggu sebentar"))
        // Sent, the draft is gone for good.
        await next.press(.enter, .enter)
        await next.controller.leave()
        #expect(try await f.store.drafts(agent: "sari").isEmpty)
        // Without a draft Ctrl-C quits at once.
        let third = try await f.console(width: 120, height: 30)
        await third.press(.ctrl("c"))
        #expect(third.controller.quitRequested)
    }

    /// A stopped gateway is as loud as an alarm; without colour the SLA warning is still visible.
    @Test func gatewayStoppedIsAlarmingAndAmberSurvivesNoColour() async throws {
        let f = try await ConsoleFixture()
        try await f.store.setGatewayState(GatewayState(mode: .stopped, detail: "clean shutdown", updatedAt: ConsoleFixture.now))
        let s = try await f.console(width: 160, height: 24)
        let theme = ThemeLoader.defaultTheme()
        let row = s.lines[0]
        #expect(row.contains("gateway stopped"), "\(row)")
        let x = Array(row).firstIndex(of: "⚠")!
        #expect(s.terminal.frame[x, 0].style == theme["header.alarm"])
        let mono = try ThemeLoader.load("mono", environment: [:])
        for name in ThemeLoader.builtInNames {
            let plain = try ThemeLoader.load(name, environment: [:]).withoutColour(attributes: mono)
            for key in ["queue.sla_warning", "queue.sla_breached", "tick.read", "title.focused"] {
                #expect(!plain[key].attrs.isEmpty, "\(name): \(key) is told apart without colour")
            }
            #expect(plain["queue.sla_warning"].attrs != plain["queue"].attrs, "\(name)")
        }
    }

    /// A chat moved to or from you by someone else is announced whatever tab you look at; your own claim is not.
    @Test func movesToAndFromYouAreAnnounced() async throws {
        let f = try await ConsoleFixture()
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("1"))
        var start = try await f.store.latestChange()
        // John Miller (Mine) goes to budi while sari looks at the Waiting tab.
        try await f.store.assign(.customer(PhoneNumber(trustedDigits: "16505551234")), to: "budi", by: "rudi", reason: "cuti")
        await sari.controller.apply(try await f.store.changes(after: start, limit: 100))
        sari.draw()
        #expect(sari.text.contains("John Miller was moved to budi"), "\(sari.text)")
        // A waiting chat given to her by the supervisor.
        start = try await f.store.latestChange()
        try await f.store.assign(.customer(PhoneNumber(trustedDigits: "8613800138000")), to: "sari", by: "rudi", reason: nil)
        await sari.controller.apply(try await f.store.changes(after: start, limit: 100))
        sari.draw()
        #expect(sari.text.contains("王伟 was moved to you (Mine tab)"), "\(sari.text)")
        // Her own claim is not news.
        #expect(await sari.select("Ani Wijaya"))
        start = try await f.store.latestChange()
        await sari.press(.char("c"))
        await sari.controller.apply(try await f.store.changes(after: start, limit: 100))
        sari.draw()
        #expect(!sari.text.contains("Ani Wijaya was moved to you") && sari.text.contains("claimed Ani Wijaya"), "\(sari.text)")
    }
}

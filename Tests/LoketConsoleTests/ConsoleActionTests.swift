import Foundation
import Testing
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore

@MainActor
@Suite struct ConsoleActionTests {
    @Test func headerShowsTheBusinessAndTheTeam() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 160, height: 30)
        let header = s.lines[0]
        #expect(header.contains("Bank Nusantara ✔ Official · +62 21 5000 1234 · sari (agent)"))
        #expect(header.contains("1 online") && header.contains("3 waiting") && header.contains("quality GREEN"))
        try await f.store.saveBusiness(BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: false))
        await s.controller.apply([Change(id: 1, kind: .business, conversationID: nil, messageID: nil, position: .start)])
        s.draw()
        #expect(s.lines[0].contains("Bank Nusantara unverified"))
    }

    @Test func waitingIsMostUrgentFirstWithSLAColours() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 160, height: 30)
        let rows = s.lines.dropFirst(2).filter { $0.contains("Budi Santoso") || $0.contains("Ani Wijaya") || $0.contains("王伟") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("Budi Santoso") && rows[0].contains(" 7m ") && rows[0].contains("●2"))
        #expect(s.isSelected("Budi Santoso"))
        // Budi has waited 7 minutes: past the 5-minute SLA, red. Ani (2 min) is fine; at 2.5 min amber starts.
        let frame = s.terminal.frame
        let y = s.lines.indices.dropFirst(2).first { s.lines[$0].contains("Budi Santoso") }!
        let x = Array(s.lines[y]).firstIndex(of: "7")!
        // Selected, the age still shows the breach (the selection colour alone does not pass).
        #expect(frame[x, y].style.fg == ThemeLoader.defaultTheme()["queue.sla_breached"].fg && frame[x, y].style.bg != .default)
        let ay = s.lines.indices.dropFirst(2).first { s.lines[$0].contains("Ani Wijaya") }!
        let ax = Array(s.lines[ay]).firstIndex(of: "2")!
        #expect(frame[ax, ay].style.fg == ThemeLoader.defaultTheme()["queue"].fg)
    }

    @Test func movingAndTabs() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("j"))
        #expect(s.isSelected("Ani Wijaya"))
        await s.press(.down)
        #expect(s.isSelected("王伟"))
        await s.press(.char("k"), .char("k"), .char("k"))
        #expect(s.isSelected("Budi Santoso"))
        await s.press(.char("2"))
        #expect(s.text.contains("Siti Rahma") && !s.text.contains("Ani Wijaya"))
        await s.press(.char("3"))
        #expect(s.text.contains("Siti Rahma") && s.text.contains("Ani Wijaya") && s.text.contains("John Miller"))
        await s.press(.char("1"))
        #expect(!s.text.contains("Siti Rahma"))
    }

    @Test func claimThenReplyGoesToTheOutboxExactly() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.enter)
        #expect(s.text.contains("claim this conversation first"), "a waiting chat must be claimed before replying")
        await s.press(.char("c"))
        #expect(s.text.contains("claimed Budi Santoso"))
        #expect(s.isSelected("Budi Santoso") && s.text.contains("Mine 3"))
        await s.press(.enter)
        let text = "Mohon maaf 🙏 我们 segera bantu"
        await s.type(text)
        #expect(s.text.contains("› " + text))
        #expect(s.text.contains("\(text.count)/4096"))
        await s.press(.enter)
        #expect(s.text.contains("queued for sending"))
        let due = try await f.store.takeDue(now: f.clock.date, limit: 10)
        #expect(due.contains { $0.payload == .text(body: text, replyTo: nil) })
        #expect(s.line(containing: text)?.contains("◷") == true)
    }

    @Test func composerEditsAndKeepsDrafts() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("2"), .enter)
        await s.type("halo kak apa kabar")
        await s.press(.ctrl("w"))
        #expect(s.text.contains("› halo kak apa ") )
        await s.press(.alt(.enter))
        await s.type("baris dua")
        #expect(s.text.contains("› halo kak apa") && s.text.contains("  baris dua"))
        await s.press(.escape)
        await s.press(.char("j"))          // another conversation
        await s.press(.char("k"))          // back: the draft is still there
        #expect(s.text.contains("baris dua"))
        await s.press(.enter)
        await s.press(.enter)
        let sent = try await f.store.takeDue(now: f.clock.date, limit: 10)
        #expect(sent.contains { $0.payload == .text(body: "halo kak apa \nbaris dua", replyTo: nil) })
    }

    @Test func notesAreDistinctAndNeverSent() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "budi")
        await s.press(.char("3"))
        await s.press(.char("n"))
        await s.type("cek ke cabang dulu")
        #expect(s.text.contains("note›") && s.text.contains("private note"))
        await s.press(.enter)
        #expect(s.text.contains("note (budi) cek ke cabang dulu"))
        // Nothing goes out: budi does not hold it (no blue ticks for looking) and a note is never sent.
        #expect(try await f.store.takeDue(now: f.clock.date, limit: 10).isEmpty)
    }

    @Test func resolveAndPendingFollowTheRules() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "budi")
        await s.press(.char("3"))  // All: John Miller first? select Siti (sari's chat)
        #expect(await s.select("Siti Rahma"))
        await s.press(.char("r"))
        #expect(s.text.contains("sari holds this conversation; only sari or a supervisor may resolve it"))
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        await sari.press(.char("p"))
        #expect(sari.text.contains("Set Siti Rahma pending until"))
        await sari.press(.enter)
        #expect(sari.text.contains("Siti Rahma set pending"))
        await sari.press(.char("r"))
        #expect(sari.text.contains("Resolve Siti Rahma?"))
        await sari.press(.char("y"))
        #expect(sari.text.contains("resolved Siti Rahma"))
        let siti = try await f.store.conversation(.customer(PhoneNumber(trustedDigits: "6281122334455")), for: nil)
        #expect(siti.state == .resolved && siti.assignee == "sari")
        // Resolved chats leave Mine; All still has it, with the system line in its history.
        await sari.press(.char("3"))
        #expect(await sari.select("Siti Rahma"))
        #expect(sari.text.contains("sari resolved the conversation"))
    }

    @Test func supervisorReassignsWithAReason() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi")
        await s.press(.char("3"))
        #expect(await s.select("Siti Rahma"))
        await s.press(.char("a"))
        #expect(s.text.contains("Assign to… (held by sari)"))
        #expect(s.text.contains("budi") && s.text.contains("0/6"))
        #expect(await s.pick("Budi Prakoso"))
        await s.press(.enter)
        #expect(s.text.contains("Reason for moving it to budi"))
        await s.type("sari pulang jam 17:00")
        await s.press(.enter)
        #expect(s.text.contains("assigned to budi"))
        #expect(s.text.contains("rudi reassigned the conversation from sari to budi"))
        let trail = try await f.store.audit(conversation: s.controller.state.conversation?.id, limit: 5, by: "rudi")
        #expect(trail.first?.action == .reassign && trail.first?.reason == "sari pulang jam 17:00")
        // An agent may not move someone else's chat.
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("2"))
        await sari.press(.char("a"))
        #expect(await sari.pick("Rudi Hartono"))
        await sari.press(.enter)
        await sari.type("x")
        await sari.press(.enter)
        // Handing over one's own chat is allowed for an agent (with a reason); it is sari's Siti or John here.
        #expect(sari.text.contains("assigned to rudi"))
    }

    @Test func closedWindowOffersTemplates() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("2"))
        #expect(await s.select("John Miller"))
        #expect(s.text.contains("window closed"))
        #expect(s.text.contains("24h window closed: press t to send an approved template"))
        await s.press(.enter)
        #expect(s.text.contains("Send an approved template") && s.text.contains("service_disruption"))
        await s.press(.enter)
        await s.type("ATM")
        await s.press(.enter)
        await s.type("Jakarta Selatan")
        await s.press(.enter)
        #expect(s.text.contains("Gangguan ATM di Jakarta Selatan"), "live preview")
        await s.type("14:00 WIB")
        await s.press(.enter)
        #expect(s.text.contains("template service_disruption queued"))
        #expect(s.text.contains("Gangguan ATM di Jakarta Selatan, perkiraan pulih") && s.text.contains("14:00 WIB. Mohon maaf 🙏"))
        let due = try await f.store.takeDue(now: f.clock.date, limit: 10)
        #expect(due.contains { $0.payload == .template(name: "service_disruption", language: "id", parameters: ["ATM", "Jakarta Selatan", "14:00 WIB"]) })
    }

    @Test func searchFindsWordsAndCJKAndOpensTheConversation() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("/"))
        await s.type("转账")
        await s.press(.enter)
        #expect(s.text.contains("1 result for 转账"))
        #expect(s.text.contains("我们的转账一直没有到账"))
        await s.press(.char("/"))
        await s.type("tertelan")
        await s.press(.enter)
        await s.press(.enter)
        #expect(s.lines[1].contains("All") && s.isSelected("Budi Santoso"))
        #expect(s.text.contains("Kartu ATM saya tertelan di mesin Jl. Sudirman"))
    }

    @Test func searchResultsPreviewTheirConversationAndEscGoesBack() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        #expect(s.isSelected("Budi Santoso"))
        await s.press(.char("/"))
        await s.type("saldo")
        await s.press(.enter)
        #expect(s.lines[1].contains("Ani Wijaya"), "the pane shows the first hit's conversation: \(s.lines[1])")
        #expect(s.text.contains("Transfer gagal tapi saldo terpotong"))
        // Two conversations say "ya" (Siti's newer, then Budi's): moving through the hits moves the pane.
        await s.press(.char("/"))
        await s.type("ya")
        await s.press(.enter)
        // (Search also finds customers by name: Ani Wijaya's "ya" is a hit too.)
        #expect(s.text.contains("results for ya"))
        let first = s.lines[1]
        await s.press(.char("j"))
        #expect(s.lines[1] != first && ["Budi Santoso", "Siti Rahma", "Ani Wijaya"].contains { s.lines[1].contains($0) }, "\(s.lines[1])")
        await s.press(.char("/"))
        await s.type("card")
        await s.press(.enter)
        #expect(s.lines[1].contains("John Miller"), "\(s.lines[1])")
        await s.press(.escape)
        #expect(s.lines[1].contains("Budi Santoso"), "Esc returns to the conversation selected before searching: \(s.lines[1])")
        #expect(s.isSelected("Budi Santoso"))
    }

    @Test func liveUpdatesKeepSelectionAndDraft() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.char("j"))                 // Ani selected
        await s.press(.char("n"))
        await s.type("draf catatan")
        // Another process: the gateway stores a new customer and Budi writes again.
        let gateway = try SQLiteStore(path: f.path)
        let start = try await f.store.latestChange()
        try await gateway.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.new", from: .phone(PhoneNumber(trustedDigits: "6289900011122")), profileName: "Dewi Lestari",
                           timestamp: f.clock.date.addingTimeInterval(-600), kind: .text, body: "Saldo berkurang tanpa transaksi"),
        ]))
        await s.controller.apply(try await f.store.changes(after: start, limit: 100))
        s.draw()
        #expect(s.text.contains("Dewi Lestari"), "new chat appears without a keypress")
        #expect(s.isSelected("Ani Wijaya"), "selection did not move")
        #expect(s.text.contains("draf catatan"), "the draft survived")
        #expect(s.lines[0].contains("4 waiting"))
    }

    @Test func headerFollowsSpendAndTheGatewayWithoutAKeypress() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(width: 200, height: 40)
        #expect(s.lines[0].contains("today $0.00"))
        let start = try await f.store.latestChange()
        // The gateway records a marketing template's delivery (priced then), then stops sending with an alarm.
        try await f.store.importHistory([HistoryImport(
            customer: .phone(PhoneNumber(trustedDigits: "6287700011122")), profileName: "Rina", state: .resolved, assignee: "sari",
            lines: [.init(direction: .outbound, kind: .template, body: "Promo", at: ConsoleFixture.now.addingTimeInterval(-60), status: .sent,
                          agent: "rudi", wamid: "w.promo", templateName: "promo", templateCategory: .marketing)])])
        try await f.store.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "w.promo", status: .delivered, timestamp: ConsoleFixture.now)]))
        await s.controller.apply(try await f.store.changes(after: start, limit: 100))
        s.draw()
        #expect(s.lines[0].contains("today $0.04"), "\(s.lines[0])")
        let next = try await f.store.latestChange()
        try await f.store.setGatewayState(GatewayState(mode: .alarm, detail: "token expired", updatedAt: ConsoleFixture.now))
        let ch = try await f.store.changes(after: next, limit: 100)
        await s.controller.apply(ch)
        s.draw()
        #expect(s.lines[0].contains("SENDING STOPPED: token expired"), "\(s.lines[0])")
    }

    @Test func helpAndQuit() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        await s.press(.function(1))
        #expect(s.text.contains("Claim the selected waiting conversation"))
        await s.press(.char("x"))
        #expect(!s.text.contains("Claim the selected waiting conversation"))
        await s.press(.char("q"))
        #expect(s.controller.quitRequested)
    }

    @Test func scrollbackLoadsOlderMessages() async throws {
        let f = try await ConsoleFixture()
        let budi = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))
        try await f.store.claim(budi, by: "sari")
        for i in 0..<300 { _ = try await f.store.note(budi, by: "sari", text: "catatan nomor \(i)") }
        let s = try await f.console(width: 100, height: 30)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        #expect(s.text.contains("catatan nomor 299") && !s.text.contains("catatan nomor 10 "))
        await s.press(.tab)
        for _ in 0..<40 { await s.press(.pageUp) }
        #expect(s.text.contains("Kartu ATM saya tertelan"), "the oldest message is reachable")
        await s.press(.end)
        #expect(s.text.contains("catatan nomor 299"))
    }
}

@MainActor
@Suite struct AnnouncementBannerTests {
    @Test func headerShowsARunningAnnouncementUntilItIsSent() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi", width: 200, height: 30)
        #expect(!s.lines[0].contains("📣"))
        let start = try await f.store.latestChange()
        let (_, preview) = try await f.store.startAnnouncement(template: "service_disruption", language: "id",
                                                               parameters: ["ATM", "Jakarta Selatan", "14:00 WIB"], audience: .all, by: "rudi")
        await s.controller.apply(try await f.store.changes(after: start, limit: 1000))
        s.draw()
        #expect(s.lines[0].contains("📣 service_disruption 0/\(preview.recipients) sent"))
        let mark = try await f.store.latestChange()
        for item in try await f.store.takeDue(now: f.clock.date, limit: 100) {
            if case .template = item.payload { try await f.store.recordSend(outboxID: item.id, outcome: .accepted(wamid: "w.b.\(item.id)"), at: f.clock.date) }
        }
        await s.controller.apply(try await f.store.changes(after: mark, limit: 1000))
        s.draw()
        #expect(!s.lines[0].contains("📣"), "the banner goes when everything is sent")
    }
}

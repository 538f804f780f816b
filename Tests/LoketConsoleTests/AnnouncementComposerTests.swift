import Foundation
import LoketConfig
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// `A`, F6–F9 and the progress dialog, driven like a supervisor would.
@MainActor
@Suite struct AnnouncementComposerTests {
    /// Plays the gateway: sends everything due and records Meta's answers.
    func sendDue(_ f: ConsoleFixture, limit: Int = 100) async throws {
        for item in try await f.store.takeDue(now: f.clock.date, limit: limit) {
            if case .template = item.payload {
                try await f.store.recordSend(outboxID: item.id, outcome: .accepted(wamid: "w.a.\(item.id)"), at: f.clock.date)
            }
        }
    }

    @Test func composeWithLivePreviewConfirmAndWatchItGo() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi", width: 120, height: 32)
        await s.press(.char("A"))
        #expect(s.line(containing: "service_disruption")?.contains("▶") == true)
        #expect(s.text.contains("Gangguan {{1}} di {{2}}"))
        await s.press(.enter)
        await s.type("ATM")
        #expect(s.text.contains("Gangguan ATM di {{2}}"), "the preview follows the typing")
        await s.press(.enter)
        await s.type("Jakarta Selatan")
        await s.press(.enter)
        await s.type("14:00 WIB")
        await s.press(.enter)
        #expect(s.line(containing: "Audience: open") != nil)
        await s.press(.enter)
        // Five customers with unresolved chats; John's window is closed, so only his utility message costs.
        #expect(s.text.contains("Gangguan ATM di Jakarta Selatan, perkiraan pulih 14:00 WIB. Mohon maaf"))
        #expect(s.line(containing: "Recipients 5")?.contains("opted out (excluded) 0") == true)
        #expect(s.line(containing: "Cost")?.contains("$0.0077") == true)
        #expect(s.line(containing: "ETA")?.contains("1 s at 80 messages/s") == true)
        #expect(try await f.store.outboxStats(now: f.clock.date).depth == 0, "nothing queued before the confirmation")
        await s.press(.enter)
        #expect(s.text.contains("Announcement #1 — sending"))
        #expect(s.line(containing: "queued 5") != nil)
        #expect(s.lines[0].contains("📣 service_disruption 0/5 sent"))
        let mark = try await f.store.latestChange()
        try await sendDue(f)
        await s.controller.apply(try await f.store.changes(after: mark, limit: 1000))
        s.draw()
        #expect(s.line(containing: "sent 5") != nil && s.text.contains("100%"))
        #expect(s.text.contains("Announcement #1 — done"))
        await s.press(.escape)
        #expect(!s.text.contains("Announcement #1"))
        #expect(!s.lines[0].contains("📣"))
    }

    @Test func onlySupervisorsAnnounce() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "sari")
        await s.press(.char("A"))
        #expect(s.text.contains("only supervisors send announcements"))
        await s.press(.function(6))
        #expect(s.text.contains("only supervisors send announcements"))
    }

    @Test func aBadAudienceIsRefusedInPlace() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi")
        await s.press(.char("A"), .enter)
        for p in ["ATM", "Jakarta", "14:00"] { await s.type(p); await s.press(.enter) }
        for _ in 0..<4 { await s.press(.backspace) }
        await s.type("countri:ID")
        await s.press(.enter)
        #expect(s.line(containing: "Audience: countri:ID") != nil, "still choosing the audience")
        #expect(s.lines.last?.contains("audience") == true)
        // Tab offers the kinds; country:ID works.
        await s.press(.tab)
        #expect(s.line(containing: "Audience: open") != nil)
        await s.press(.tab, .tab, .tab)
        await s.type("CN")
        await s.press(.enter)
        #expect(s.line(containing: "Recipients 1") != nil, "only 王伟 is in China")
        #expect(s.controller.state.status == nil, "the refusal of the earlier audience is gone once one works")
    }

    @Test func aStatusLineDoesNotFollowIntoADialog() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(.customer(PhoneNumber(trustedDigits: "6281234567890")), by: "sari")
        let s = try await f.console(agent: "sari")
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("n"))
        await s.type("cek cabang")
        await s.press(.enter, .escape)
        #expect(s.text.contains("note saved"))
        await s.press(.char("t"))
        #expect(!s.text.contains("note saved"), "the template picker starts with a clean status line")
    }

    @Test func presetAsksOnceThenSends() async throws {
        let f = try await ConsoleFixture()
        var settings = ConsoleFixture.settings
        settings.presets = [.init(key: "F6", template: "service_disruption", language: "id",
                                  params: ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"], audience: "all")]
        let s = try await f.console(agent: "rudi", settings: settings)
        await s.press(.function(7))
        #expect(s.text.contains("no preset on F7"))
        await s.press(.function(6))
        #expect(s.text.contains("Preset announcement F6"))
        #expect(s.text.contains("names a date or time (14:00)"), "a dated preset says so before sending")
        #expect(s.line(containing: "Recipients 5") != nil)
        await s.press(.escape)
        #expect(s.text.contains("announcement not sent"))
        #expect(try await f.store.outboxStats(now: f.clock.date).depth == 0)
        await s.press(.function(6), .char("y"))
        #expect(s.text.contains("Announcement #1 — sending"))
        #expect(try await f.store.outboxStats(now: f.clock.date).depth == 5)
    }

    @Test func cancellingStopsTheRest() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console(agent: "rudi")
        await s.press(.char("A"), .enter)
        for p in ["ATM", "Jakarta", "14:00"] { await s.type(p); await s.press(.enter) }
        await s.press(.enter, .enter)
        try await sendDue(f, limit: 2)
        await s.press(.char("x"))
        #expect(s.text.contains("Stop sending to the 3 not yet sent?"), "\(s.text)")
        await s.press(.char("y"))
        #expect(s.text.contains("Announcement #1 — cancelled"))
        #expect(s.line(containing: "sent 2")?.contains("cancelled 3") == true)
        #expect(try await f.store.takeDue(now: f.clock.date, limit: 10).isEmpty, "nothing else leaves")
        // Closed, A starts a new one (nothing is running).
        await s.press(.escape, .char("A"))
        #expect(s.text.contains("New announcement"))
    }
}

import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport
import TermCore
import Testing

/// An announcement Meta stopped by refusing its template says so in the header and in its progress, in both languages.
@MainActor @Suite struct AnnouncementStopConsoleTests {
    @Test func theHeaderAndTheProgressSayWhyItStopped() async throws {
        let f = try await ConsoleFixture()
        let (id, _) = try await f.store.startAnnouncement(template: "service_disruption", language: "id",
                                                          parameters: ["ATM", "Jakarta", "14:00"], audience: .all, by: "rudi")
        let first = try #require(try await f.store.takeDueSends(now: f.clock.date, limit: 1).first)
        try await f.store.recordSend(outboxID: first.id, outcome: .failed(errorCode: 132015, reason: "(#132015) Template is Paused"),
                                     at: f.clock.date)
        let rudi = try await f.console(agent: "rudi", width: 200, height: 40)
        #expect(rudi.lines[0].contains("📣 service_disruption stopped: Meta paused the template (#132015)"), "\(rudi.lines[0])")
        #expect(try await f.store.announcementProgress(id).state == "stopped")
        var settings = ConsoleFixture.settings
        settings.language = .id
        let sari = try await f.console(agent: "sari", width: 200, height: 40, settings: settings)
        #expect(sari.lines[0].contains("📣 service_disruption dihentikan: Meta menjeda templat (#132015)"))
    }
}

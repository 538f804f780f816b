import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import Testing

/// The header shows Meta's messaging limit beside the quality rating, never in its place.
@MainActor @Suite struct HeaderLimitTests {
    @Test func theMessagingLimitIsShownApartFromTheQuality() async throws {
        let f = try await ConsoleFixture()
        try await f.store.ingest(InboundBatch(qualityRating: "YELLOW"))
        var limit = InboundBatch()
        limit.messagingLimit = "TIER_1K"
        try await f.store.ingest(limit)
        let s = try await f.console(width: 200, height: 40)
        #expect(s.lines[0].contains("quality YELLOW · limit 1K"), "\(s.lines[0])")
        var unlimited = InboundBatch()
        unlimited.messagingLimit = "TIER_UNLIMITED"
        try await f.store.ingest(unlimited)
        let again = try await f.console(width: 200, height: 40)
        #expect(again.lines[0].contains("quality YELLOW · limit unlimited"))
        #expect(MessagingLimit.display("100000") == "100000" && !MessagingLimit.isValid("1K; DROP TABLE"))
    }
}

import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore

@Suite struct ChangeFeedTests {
    @Test func writesFromAnotherConnectionReachTheWatcher() async throws {
        let path = Fixtures.tempPath()
        let console = try await Fixtures.store(path: path)
        let gateway = try SQLiteStore(path: path, rateCard: Fixtures.rateCard)
        let start = try await console.latestChange()
        var feed = console.watchChanges(after: start, interval: 0.01).makeAsyncIterator()

        try await gateway.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: "+6281234567890", "Halo", at: Date())]))
        var seen: [Change] = []
        while !seen.contains(where: { $0.kind == .message }) {
            guard let batch = await feed.next() else { break }
            seen += batch
        }
        let message = try #require(seen.first { $0.kind == .message })
        #expect(message.conversationID == 1 && message.messageID != nil)
        #expect(seen.contains { $0.kind == .conversation && $0.conversationID == 1 })
        #expect(seen.map(\.id) == seen.map(\.id).sorted())
        #expect(try await console.changes(after: start, limit: 100).count == seen.count)
    }
}

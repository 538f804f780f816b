import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

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

    /// The watcher wakes on the store's files changing, not on a timer: with a 60-second safety net, each write by
    /// another process's connection still arrives at once, and a reader goes on from the last change's position.
    @Test func theWatcherWakesOnTheWriteNotOnATimer() async throws {
        let path = Fixtures.tempPath()
        let console = try await Fixtures.store(path: path)
        let gateway = try SQLiteStore(path: path, rateCard: Fixtures.rateCard)
        let start = try await console.latestChange()
        var feed = console.watchChanges(after: start, interval: 60).makeAsyncIterator()
        var last = start
        for i in 0..<5 {
            let began = Date()
            try await gateway.ingest(InboundBatch(messages: [Fixtures.inbound("wake\(i)", from: "+6281234567890", "Halo \(i)", at: Date())]))
            var batch: [Change] = []
            while !batch.contains(where: { $0.kind == .message }) {
                guard let next = await feed.next() else { Issue.record("the feed ended"); return }
                batch += next
            }
            #expect(Date().timeIntervalSince(began) < 5, "write \(i) arrived after \(Date().timeIntervalSince(began)) s")
            #expect(try await console.changes(after: last, limit: 100).map(\.id) == batch.map(\.id), "no change missed or repeated")
            last = try #require(batch.last?.position)
        }
        #expect(try await console.changes(after: last, limit: 100).isEmpty)
        await #expect(throws: InputError.self) { try await console.changes(after: FeedPosition(encoded: "x:1"), limit: 1) }
    }
}

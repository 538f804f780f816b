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
    /// More watchers in one process than the system gives a user inotify instances (128 by default): every one still
    /// wakes on the write, none falls back to its timer.
    @Test(.timeLimit(.minutes(1)))
    func moreWatchersThanInotifyInstancesAllWakeOnTheWrite() async throws {
        let path = Fixtures.tempPath()
        let console = try await Fixtures.store(path: path)
        let gateway = try SQLiteStore(path: path, rateCard: Fixtures.rateCard)
        let start = try await console.latestChange()
        let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_instances", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 128
        let watchers = min(limit, 1000) + 20
        let woken = Counter()
        let tasks = (0..<watchers).map { _ in
            Task {
                var heard = 0
                for await batch in console.watchChanges(after: start, interval: 60) where batch.contains(where: { $0.kind == .message }) {
                    heard += 1
                    await woken.add()
                    if heard == 2 { return }
                }
            }
        }
        defer { for t in tasks { t.cancel() } }
        // The first write may reach a watcher by its first read; by the second every one is waiting, and only the
        // file-change signal can wake it before its 60-second timer.
        for round in 1...2 {
            try await gateway.ingest(InboundBatch(messages: [Fixtures.inbound("many\(round)", from: "+6281234567890", "Halo", at: Date())]))
            let deadline = Date().addingTimeInterval(20)
            while await woken.value < watchers * round, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
            let woke = await woken.value - watchers * (round - 1)
            #expect(woke == watchers, "write \(round): \(woke) of \(watchers) watchers woke within 20 s (the timer is 60 s)")
        }
    }

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

actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}

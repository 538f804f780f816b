public import Foundation
import LoketDomain
public import LoketStore
import PostgresNIO

/// The change feed on PostgreSQL. Row ids are handed out before commit, so two transactions can commit out of id
/// order and "id > cursor" alone would skip the slower one's rows. Every statement that writes change rows holds an
/// advisory lock named after the id sequence's value when it began (its ids are above it; see ``PostgresSchema``); a
/// reader takes the sequence's value, then the lowest such lock held, and reads up to the smaller of the two, in a
/// snapshot taken after both: every id up to there is final and is read exactly once. Nobody waits: readers take no
/// lock, and writers only shared ones.
extension PostgresStore: ChangeFeed {
    /// After a read that found changes, the next waits at least this long (seconds).
    static let readGap: TimeInterval = 0.05

    public func latestChange() async throws -> FeedPosition {
        try await withErrors {
            try await client.withConnection { conn in Self.position(try await self.safeID(on: conn)) }
        }
    }

    public func changes(after position: FeedPosition, limit: Int) async throws -> [Change] {
        let from = try Self.rowID(position)
        return try await withErrors {
            try await client.withConnection { conn in try await self.changes(on: conn, after: from, limit: limit) }
        }
    }

    /// The highest id no open transaction can still commit at or below (`loket_feed_safe`, see ``PostgresSchema``).
    func safeID(on conn: PostgresConnection) async throws -> Int64 {
        try await conn.scalar("SELECT loket_feed_safe()", as: Int64.self, logger: logger) ?? 0
    }

    /// Changes after `after` up to the safe id, in one round trip (`loket_changes_after`).
    func changes(on conn: PostgresConnection, after: Int64, limit: Int) async throws -> [Change] {
        var out: [Change] = []
        for row in try await conn.rows("SELECT id, kind, conversation_id, message_id FROM loket_changes_after(\(after), \(Int32(clamping: limit)))",
                                       logger: logger) {
            let id: Int64 = try row.value(0)
            let kind: String = try row.value(1)
            guard let k = ChangeKind(rawValue: kind) else { throw StoreUnusable("changes.kind holds '\(kind)'") }
            out.append(Change(id: id, kind: k, conversationID: try row.value(2), messageID: try row.value(3), position: Self.position(id)))
        }
        return out
    }

    static func position(_ id: Int64) -> FeedPosition { id == 0 ? .start : FeedPosition(encoded: "pg:\(id)") }

    static func rowID(_ p: FeedPosition) throws -> Int64 {
        if p == .start { return 0 }
        guard p.encoded.hasPrefix("pg:"), let id = Int64(p.encoded.dropFirst(3)), id >= 0 else {
            throw InputError("'{1}' is not a position in this store's change feed", p.encoded)
        }
        return id
    }

    /// Woken by `LISTEN loket_changes` (a trigger notifies for every statement writing change rows, delivered at
    /// commit) on a connection of its own, listening before its first read so nothing committed in between is
    /// missed; after a lost connection it reads what it missed from its position. Without a notification it looks
    /// again after `interval` (a safety net; at least a second).
    public func watchChanges(after position: FeedPosition, interval: TimeInterval) -> AsyncStream<[Change]> {
        AsyncStream { continuation in
            let task = Task {
                guard var from = try? Self.rowID(position) else { continuation.finish(); return }
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { conn in
                            try await conn.listen(on: "loket_changes") { notices in
                                let heard = Notifications()
                                try await withThrowingTaskGroup(of: Void.self) { group in
                                    group.addTask { for try await _ in notices { await heard.signal() } }
                                    while !Task.isCancelled {
                                        let batch = try await self.changes(on: conn, after: from, limit: 5000)
                                        if let last = batch.last {
                                            continuation.yield(batch)
                                            from = last.id
                                            if batch.count == 5000 { continue }
                                            // Under a stream of commits, one read per gap gathers what came meanwhile
                                            // (fifty consoles reading at every commit cost the database more than it gives).
                                            try await Task.sleep(nanoseconds: UInt64(Self.readGap * 1e9))
                                        }
                                        await heard.wait(timeout: max(interval, 1))
                                    }
                                    group.cancelAll()
                                }
                            }
                        }
                    } catch {
                        try? await Task.sleep(nanoseconds: 500_000_000)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Notifications counted between reads: a read happens when at least one arrived, or after the timeout.
actor Notifications {
    private var pending = 0
    private var waiter: CheckedContinuation<Void, Never>?

    func signal() {
        pending += 1
        waiter?.resume()
        waiter = nil
    }

    func wait(timeout: TimeInterval) async {
        if pending > 0 { pending = 0; return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park() }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000)) }
            await group.next()
            group.cancelAll()
            self.release()
        }
        pending = 0
    }

    private func park() async {
        if pending > 0 { return }
        await withCheckedContinuation { waiter = $0 }
    }

    private func release() {
        waiter?.resume()
        waiter = nil
    }
}

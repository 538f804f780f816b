public import Foundation
import LoketDomain
public import LoketStore
import PostgresNIO

/// The change feed on PostgreSQL, in commit order. Row ids are handed out before commit, so two transactions can
/// commit out of id order and "id > cursor" would skip the slower one's rows. Instead each transaction that wrote
/// change rows stamps one `feed_commits` row as it commits, one transaction at a time, the stamp's lock held until its
/// commit is visible (``PostgresSchema``): stamps follow commit order, and a reader that sees a stamp sees every earlier
/// stamp's rows. The position is the last stamp read; readers take no lock and never wait.
extension PostgresStore: ChangeFeed {
    /// After a read that found changes, the next waits at least this long (seconds): under a stream of commits one
    /// read gathers what came meanwhile.
    static let readGap: TimeInterval = 0.015

    public func latestChange() async throws -> FeedPosition {
        try await withErrors {
            try await client.withConnection { conn in
                Self.position(try await conn.scalar("SELECT coalesce(max(seq), 0) FROM feed_commits", as: Int64.self, logger: self.logger) ?? 0)
            }
        }
    }

    public func changes(after position: FeedPosition, limit: Int) async throws -> [Change] {
        let from = try Self.rowID(position)
        return try await withErrors {
            try await client.withConnection { conn in try await self.changes(on: conn, after: from, limit: limit) }
        }
    }

    /// The changes of the next commits after stamp `after` (at most `limit` commits, each whole), in commit order.
    func changes(on conn: PostgresConnection, after: Int64, limit: Int) async throws -> [Change] {
        var out: [Change] = []
        for row in try await conn.rows("""
            SELECT f.seq, c.id, c.kind, c.conversation_id, c.message_id
            FROM (SELECT seq, xid FROM feed_commits WHERE seq > \(after) ORDER BY seq LIMIT \(limit)) f JOIN changes c ON c.xid = f.xid
            ORDER BY f.seq, c.id
            """, logger: logger) {
            let seq: Int64 = try row.value(0)
            let kind: String = try row.value(2)
            guard let k = ChangeKind(rawValue: kind) else { throw StoreUnusable("changes.kind holds '\(kind)'") }
            out.append(Change(id: try row.value(1), kind: k, conversationID: try row.value(3), messageID: try row.value(4),
                              position: Self.position(seq)))
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
                                            from = try Self.rowID(last.position)
                                            if batch.count >= 5000 { continue }
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

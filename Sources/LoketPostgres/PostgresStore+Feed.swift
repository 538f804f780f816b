public import Foundation
import LoketDomain
public import LoketStore
import PostgresNIO

/// The change feed on PostgreSQL. Row ids are handed out before commit, so transactions commit out of id order and
/// "id > cursor" would skip the slower one's rows; the reader keeps a ``FeedHorizon`` of transaction ids instead, and
/// each read's own snapshot says which of them committed since. Writers take no lock for the feed and readers never
/// wait: every committed change is read once, a transaction's changes together.
extension PostgresStore: ChangeFeed {
    /// After a read that found changes, the next waits at least this long (seconds): under a stream of commits one
    /// read gathers what came meanwhile.
    static let readGap: TimeInterval = 0.03

    public func latestChange() async throws -> FeedPosition {
        try await withErrors {
            try await client.withConnection { conn in
                guard let text = try await conn.scalar("SELECT pg_current_snapshot()::text", as: String.self, logger: self.logger) else {
                    throw StoreUnusable("the change feed's snapshot could not be read")
                }
                return try FeedHorizon(snapshot: text).position
            }
        }
    }

    public func changes(after position: FeedPosition, limit: Int) async throws -> [Change] {
        let from = try FeedHorizon(position)
        return try await withErrors {
            try await client.withConnection { conn in try await self.changes(on: conn, after: from, limit: limit).changes }
        }
    }

    /// The changes of the transactions after `from` that have committed (about `limit` changes: whole transactions,
    /// at least one), ordered by transaction, and the horizon after them.
    func changes(on conn: PostgresConnection, after from: FeedHorizon, limit: Int) async throws -> (changes: [Change], horizon: FeedHorizon) {
        let limit = max(limit, 1)
        // One statement, so its snapshot is the one the rows were read with; prepared once per connection (fifty
        // consoles read at every commit).
        var snapshotText: String?
        var read: [(xid: UInt64, change: Change)] = []
        for try await row in try await conn.execute(FeedRead(horizon: from, limit: limit), logger: logger) {
            snapshotText = row.snapshot
            if let r = try Self.change(row) { read.append(r) }
        }
        guard let snapshotText else { throw StoreUnusable("the change feed's read returned no snapshot") }
        let snapshot = try FeedHorizon(snapshot: snapshotText)
        let complete = read.count < limit
        if !complete, let lastXid = read.last?.xid {
            // The page may have cut its last transaction: leave it to the next page, or read it whole when it is alone.
            if read.first?.xid != lastXid {
                read.removeAll { $0.xid == lastXid }
            } else {
                read = []
                for try await row in try await conn.execute(FeedReadTransaction(xid: lastXid), logger: logger) {
                    if let r = try Self.change(row) { read.append(r) }
                }
            }
        }
        // Each change's position: what is left once its transaction is read (the last one: the snapshot's horizon).
        let last = read.last?.xid
        var horizon = read.isEmpty && complete ? snapshot : from
        let out = read.map { r in
            var c = r.change
            horizon = from.after(delivered: r.xid, snapshotXmax: snapshot.floor, running: snapshot.pending, complete: complete && r.xid == last)
            c.position = horizon.position
            return c
        }
        return (out, horizon)
    }

    static func change(_ row: FeedRow) throws -> (xid: UInt64, change: Change)? {
        guard let text = row.xid, let id = row.id, let kind = row.kind else { return nil }
        guard let xid = UInt64(text) else { throw StoreUnusable("changes.xid holds '\(text)'") }
        guard let k = ChangeKind(rawValue: kind) else { throw StoreUnusable("changes.kind holds '\(kind)'") }
        return (xid, Change(id: id, kind: k, conversationID: row.conversationID, messageID: row.messageID, position: .start))
    }

    /// Woken by `LISTEN loket_changes` (a trigger notifies for every statement writing change rows, delivered at
    /// commit) on a connection of its own, listening before it reads so nothing committed in between is missed; after a
    /// lost connection it reads what it missed from its position. Without a notification it looks again after
    /// `interval` (a safety net; at least a second).
    ///
    /// Under a stream of commits it stops listening: a notification wakes PostgreSQL's backend for every committing
    /// transaction, so fifty consoles listening through a stream cost the database more than their reads. When a
    /// notification came while it waited out the gap after a read, it reads once per ``readGap`` without listening for
    /// as long as each read finds changes, and listens again (then reads, then waits) once one finds none.
    public func watchChanges(after position: FeedPosition, interval: TimeInterval) -> AsyncStream<[Change]> {
        AsyncStream { continuation in
            let task = Task {
                guard let start = try? FeedHorizon(position) else { continuation.finish(); return }
                var reader = FeedReader(store: self, from: start, continuation: continuation)
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { conn in
                            // The read's plan is made once for the connection: left to choose, PostgreSQL plans it anew at
                            // every read once the feed has grown (its generic plan's estimate grows with the table, the
                            // actual read does not), and planning cost more than reading (0.2 ms against 0.06 ms, fifty
                            // consoles, 100 changes/s). Set back before the connection returns to the pool (by a task
                            // of its own: the watcher's may be cancelled; a lost connection is not returned).
                            try await conn.execute("SET plan_cache_mode = force_generic_plan", logger: logger)
                            let reset = {
                                guard !conn.isClosed else { return }
                                await Task { try? await conn.execute("RESET plan_cache_mode", logger: self.logger) }.value
                            }
                            do {
                                while !Task.isCancelled {
                                    try await self.listenUntilStream(conn, &reader, interval: interval)
                                    // A stream: read once per gap while there is something to read.
                                    while !Task.isCancelled, try await reader.read(on: conn) {}
                                }
                            } catch {
                                await reset()
                                throw error
                            }
                            await reset()
                        }
                    } catch {
                        try? await waits.sleep(for: 0.5)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Listens, reads and waits for notifications until one came during the gap after a read (a stream of commits: it
    /// stops listening on the way out) or the task is cancelled. A lost connection throws.
    private func listenUntilStream(_ conn: PostgresConnection, _ reader: inout FeedReader, interval: TimeInterval) async throws {
        try await conn.listen(on: "loket_changes") { notices in
            let heard = Notifications()
            // A lost connection ends the notifications and wakes the reader at once, which then reconnects and reads
            // what it missed from its position. Not awaited on the way out: nothing about a dead connection can hold
            // the watcher.
            let listening = Task {
                do { for try await _ in notices { await heard.signal() } } catch {}
                await heard.lose()
            }
            defer { listening.cancel() }
            while !Task.isCancelled {
                // Read first: what committed before the LISTEN took effect is in this read. `read` waits out the gap
                // after finding changes; a notification meanwhile means they keep coming.
                if try await reader.read(on: conn), await heard.hasPending { return }
                if await heard.wait(timeout: max(interval, 1), on: waits) == .lost { throw FeedListenerLost() }
            }
        }
    }
}

/// A watcher's position and its deliveries: each read hands what committed since its position to the stream.
struct FeedReader {
    private let store: PostgresStore
    private var from: FeedHorizon
    private let continuation: AsyncStream<[Change]>.Continuation
    /// Changes read at most at once (a fuller read is followed by another at once).
    static let page = 5000

    init(store: PostgresStore, from: FeedHorizon, continuation: AsyncStream<[Change]>.Continuation) {
        self.store = store
        self.from = from
        self.continuation = continuation
    }

    /// Reads and delivers what committed since the position; when it found changes, waits out the gap before
    /// returning (at once after a full page). Whether it found any.
    mutating func read(on conn: PostgresConnection) async throws -> Bool {
        let (batch, horizon) = try await store.changes(on: conn, after: from, limit: Self.page)
        from = horizon
        guard !batch.isEmpty else { return false }
        continuation.yield(batch)
        // Under a stream of commits, one read per gap gathers what came meanwhile (fifty consoles reading at every
        // commit cost the database more than it gives).
        if batch.count < Self.page { try await store.waits.sleep(for: PostgresStore.readGap) }
        return true
    }
}

/// The feed's notifications stopped (its connection was lost): reconnect.
struct FeedListenerLost: Error {}

/// Notifications counted between reads: a read happens when at least one arrived, or after the timeout; once the
/// notifications have stopped (a lost connection), every wait says so at once.
actor Notifications {
    enum Wake { case heard, timedOut, lost }
    private var pending = 0
    private var lost = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Whether a notification came since the last wait.
    var hasPending: Bool { pending > 0 || lost }

    func signal() {
        pending += 1
        waiter?.resume()
        waiter = nil
    }

    func lose() {
        lost = true
        signal()
    }

    func wait(timeout: TimeInterval, on clock: any LoketClock) async -> Wake {
        if lost { return .lost }
        if pending > 0 { pending = 0; return .heard }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park() }
            group.addTask { try? await clock.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.release()
        }
        if lost { return .lost }
        defer { pending = 0 }
        return pending > 0 ? .heard : .timedOut
    }

    private func park() async {
        if pending > 0 || lost { return }
        await withCheckedContinuation { waiter = $0 }
    }

    private func release() {
        waiter?.resume()
        waiter = nil
    }
}

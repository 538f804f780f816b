public import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func exportMessages(_ filter: ExportFilter, after: Int64, limit: Int) async throws -> [MessageRecord] {
        let currency = self.currency
        return try await read { db in
            var sql = """
            SELECT \(Rows.messageColumns), cu.wa_id, cu.user_id, cu.profile_name
            FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
            WHERE m.id > ?
            """
            var args: [(any DatabaseValueConvertible)?] = [after]
            if let ref = filter.conversation { sql += " AND m.conversation_id = ?"; args.append(try Writes.resolve(db, ref)) }
            if let since = filter.since { sql += " AND m.created_at >= ?"; args.append(since.millis) }
            sql += " ORDER BY m.id LIMIT ?"
            args.append(limit)
            var records = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try Rows.messageRecord($0, currency: currency) }
            let reactions = try Self.reactions(db, wamids: records.compactMap(\.message.wamid))
            for i in records.indices { records[i].reactions = records[i].message.wamid.flatMap { reactions[$0] } ?? [] }
            var messages = records.map(\.message)
            try Self.attachMedia(db, to: &messages)
            try Self.attachRevisions(db, to: &messages)
            for i in records.indices { records[i].message = messages[i] }
            return records
        }
    }

    public func latestChange() async throws -> FeedPosition {
        try await read { db in Self.feedPosition(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM changes") ?? 0) }
    }

    public func changes(after position: FeedPosition, limit: Int) async throws -> [Change] {
        let after = try Self.rowID(position)
        return try await read { db in
            try Self.fetchChanges(db, after: after, limit: limit)
        }
    }

    /// A feed position on this backend: the last change row id seen (SQLite commits them in order).
    static func feedPosition(_ id: Int64) -> FeedPosition { id == 0 ? .start : FeedPosition(encoded: String(id)) }

    static func rowID(_ p: FeedPosition) throws -> Int64 {
        if p == .start { return 0 }
        guard let id = Int64(p.encoded), id >= 0 else { throw InputError("'{1}' is not a position in this store's change feed", p.encoded) }
        return id
    }

    static func fetchChanges(_ db: Database, after position: Int64, limit: Int) throws -> [Change] {
        try Row.fetchAll(db, sql: "SELECT id, kind, conversation_id, message_id FROM changes WHERE id > ? ORDER BY id LIMIT ?",
                         arguments: [position, limit]).map { row in
            try WrongColumnType.inTable("changes") {
                let id: Int64 = try row.value("id")
                return try Change(id: id, kind: row.known("kind"), conversationID: row.value("conversation_id"),
                                  messageID: row.value("message_id"), position: feedPosition(id))
            }
        }
    }

    /// How soon a watcher looks again after a file event that showed no commit yet (seconds).
    static let rechecks: ArraySlice<TimeInterval> = [0.002, 0.01, 0.05, 0.25]

    /// The feed on a connection and a thread of its own: it wakes when a store file changes (inotify on the
    /// store's folder; any process's commit appends to the WAL), confirms with `PRAGMA data_version` (a few µs;
    /// it changes only when another connection commits) and reads the new change rows only then. Without a
    /// file event it looks again after `interval` (at least a second when file events work: a safety net).
    public func watchChanges(after position: FeedPosition, interval: TimeInterval) -> AsyncStream<[Change]> {
        let path = self.path
        return AsyncStream { continuation in
            guard let start = try? Self.rowID(position),
                  let watcher = try? DatabaseQueue(path: path, configuration: AppDatabase.configuration(readonly: true)) else {
                continuation.finish(); return
            }
            let signal = FileChangeSignal(storePath: path)
            let pause = signal == nil ? interval : max(interval, 1)
            let stop = StopFlag()
            let thread = Thread {
                var cursor = start
                var lastVersion: Int? = nil
                // A commit writes its WAL frames (a file event) and then publishes them in the shared-memory index
                // (no event): a watcher woken by the write can look before the commit is visible. After such a wake
                // it looks again shortly, a few times, instead of waiting for the next event or its timer.
                var woke = false
                var rechecks: ArraySlice<TimeInterval> = []
                while !stop.isSet {
                    let seen = lastVersion, from = cursor
                    let polled: (version: Int?, changes: [Change]?)? = try? watcher.inDatabase { db in
                        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
                        if version == seen { return (version, nil) }
                        return (version, try Self.fetchChanges(db, after: from, limit: 5000))
                    }
                    lastVersion = polled?.version ?? nil
                    if polled?.changes != nil { rechecks = [] } else if woke && rechecks.isEmpty { rechecks = Self.rechecks }
                    if let batch = polled?.changes, let last = batch.last {
                        cursor = last.id
                        continuation.yield(batch)
                        if batch.count == 5000 { lastVersion = nil; continue }
                    }
                    if let signal { woke = signal.wait(timeout: rechecks.popFirst() ?? pause) } else { Thread.sleep(forTimeInterval: pause) }
                }
                continuation.finish()
            }
            thread.name = "loket.feed"
            continuation.onTermination = { _ in
                stop.set()
                signal?.interrupt()
            }
            thread.start()
        }
    }

    /// Forgets all but the newest `keepChanges` change-feed rows (consoles only need the recent past; one whose
    /// position fell behind the oldest row reloads everything) and early statuses past their day.
    public func pruneExpired(keepChanges: Int, now: Date) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM changes WHERE id <= (SELECT MAX(id) FROM changes) - ?", arguments: [keepChanges])
            try db.execute(sql: "DELETE FROM early_statuses WHERE received_at < ?",
                           arguments: [now.millis - Schema.earlyStatusMillis])
        }
    }
}

/// Set once from any thread, read by the feed's thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

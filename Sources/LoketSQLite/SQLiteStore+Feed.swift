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

    public func latestChange() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM changes") ?? 0 }
    }

    public func changes(after position: Int64, limit: Int) async throws -> [Change] {
        try await read { db in
            try Self.fetchChanges(db, after: position, limit: limit)
        }
    }

    static func fetchChanges(_ db: Database, after position: Int64, limit: Int) throws -> [Change] {
        try Row.fetchAll(db, sql: "SELECT id, kind, conversation_id, message_id FROM changes WHERE id > ? ORDER BY id LIMIT ?",
                         arguments: [position, limit]).map { row in
            try WrongColumnType.inTable("changes") {
                try Change(id: row.value("id"), kind: row.known("kind"),
                           conversationID: row.value("conversation_id"), messageID: row.value("message_id"))
            }
        }
    }

    /// Polls `PRAGMA data_version` on a connection of its own (a few µs; it changes only when another
    /// connection commits) and reads the new change rows only then.
    public func watchChanges(after position: Int64, interval: TimeInterval) -> AsyncStream<[Change]> {
        let path = self.path
        return AsyncStream { continuation in
            let task = Task.detached {
                guard let watcher = try? DatabaseQueue(path: path, configuration: AppDatabase.configuration(readonly: true)) else {
                    continuation.finish(); return
                }
                var cursor = position
                var lastVersion: Int? = nil
                while !Task.isCancelled {
                    let seen = lastVersion, from = cursor
                    let polled: (version: Int?, changes: [Change]?)? = try? watcher.inDatabase { db in
                        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
                        if version == seen { return (version, nil) }
                        return (version, try Self.fetchChanges(db, after: from, limit: 5000))
                    }
                    lastVersion = polled?.version ?? nil
                    let batch = polled?.changes
                    if let batch, let last = batch.last {
                        cursor = last.id
                        continuation.yield(batch)
                        if batch.count == 5000 { lastVersion = nil; continue }
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
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

public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func exportMessages(_ filter: ExportFilter, after: Int64, limit: Int) async throws -> [MessageRecord] {
        let currency = self.currency
        let logger = self.logger
        let since = filter.since?.millis
        let ref = filter.conversation
        return try await read { conn in
            var conversationID: Int64?
            if let ref { conversationID = try await PGWrites.resolve(conn, ref, logger: logger) }
            let only = conversationID
            var records = try await conn.rows("""
                SELECT \(unescaped: PGRows.messageColumns), cu.wa_id, cu.user_id, cu.profile_name
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
                WHERE m.id > \(after)
                  AND (\(only)::bigint IS NULL OR m.conversation_id = \(only))
                  AND (\(since)::bigint IS NULL OR m.created_at >= \(since))
                ORDER BY m.id LIMIT \(limit)
                """, logger: logger).map { try PGRows.messageRecord($0, currency: currency) }
            let reactions = try await Self.reactions(conn, wamids: records.compactMap(\.message.wamid), logger: logger)
            for i in records.indices { records[i].reactions = records[i].message.wamid.flatMap { reactions[$0] } ?? [] }
            var messages = records.map(\.message)
            try await Self.attachMedia(conn, to: &messages, logger: logger)
            try await Self.attachRevisions(conn, to: &messages, logger: logger)
            for i in records.indices { records[i].message = messages[i] }
            return records
        }
    }

    /// Forgets all but the newest `keepChanges` change-feed rows (consoles only need the recent past; one whose
    /// position fell behind the oldest row reloads everything) and early statuses past their day.
    public func pruneExpired(keepChanges: Int, now: Date) async throws {
        let logger = self.logger
        // How long an early status waits for its message (SQLite's `Schema.earlyStatusMillis`): a day.
        let cutoff = now.millis - 24 * 3600 * 1000
        try await write { conn in
            try await conn.execute("DELETE FROM changes WHERE id <= (SELECT max(id) FROM changes) - \(keepChanges)", logger: logger)
            try await conn.execute("DELETE FROM early_statuses WHERE received_at < \(cutoff)", logger: logger)
        }
    }
}

import Foundation
import Logging
import LoketStore
import PostgresNIO

extension PostgresStore {
    public func drafts(agent: String) async throws -> [Int64: String] {
        let logger = self.logger
        return try await read { conn in
            var out: [Int64: String] = [:]
            for row in try await conn.rows("SELECT conversation_id, text FROM drafts WHERE agent = \(agent)", logger: logger) {
                let conversation: Int64 = try row.value("conversation_id")
                out[conversation] = try row.value("text") as String
            }
            return out
        }
    }

    public func saveDrafts(_ drafts: [Int64: String], agent: String) async throws {
        let now = clock().millis
        let logger = self.logger
        try await write { conn in
            for (conversation, text) in drafts {
                if text.isEmpty {
                    try await conn.execute("DELETE FROM drafts WHERE agent = \(agent) AND conversation_id = \(conversation)", logger: logger)
                } else {
                    try await conn.execute("""
                        INSERT INTO drafts (agent, conversation_id, text, updated_at) VALUES (\(agent), \(conversation), \(text), \(now))
                        ON CONFLICT (agent, conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                        """, logger: logger)
                }
            }
        }
    }
}

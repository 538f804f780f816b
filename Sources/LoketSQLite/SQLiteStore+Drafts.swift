import Foundation
import GRDB
import LoketStore

extension SQLiteStore {
    public func drafts(agent: String) async throws -> [Int64: String] {
        try await read { db in
            var out: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT conversation_id, text FROM drafts WHERE agent = ?", arguments: [agent]) {
                out[try row.value("conversation_id")] = try row.value("text")
            }
            return out
        }
    }

    public func saveDrafts(_ drafts: [Int64: String], agent: String) async throws {
        let now = clock().millis
        try await write { db in
            for (conversation, text) in drafts {
                if text.isEmpty {
                    try db.execute(sql: "DELETE FROM drafts WHERE agent = ? AND conversation_id = ?", arguments: [agent, conversation])
                } else {
                    try db.execute(sql: """
                        INSERT INTO drafts (agent, conversation_id, text, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (agent, conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                        """, arguments: [agent, conversation, text, now])
                }
            }
        }
    }
}

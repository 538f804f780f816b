import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func heartbeat(agent: String, session: String, viewing: Int64?, typing: Int64?) async throws {
        let now = clock().millis
        try await write { db in
            _ = try Writes.actor(db, login: agent)
            try db.cachedStatement(sql: """
                INSERT INTO presence (agent, session, online_since, heartbeat_at, viewing_conversation_id, typing_conversation_id, typing_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (agent) DO UPDATE SET session = excluded.session, heartbeat_at = excluded.heartbeat_at,
                  online_since = CASE WHEN presence.session = excluded.session THEN presence.online_since ELSE excluded.online_since END,
                  viewing_conversation_id = excluded.viewing_conversation_id,
                  typing_conversation_id = excluded.typing_conversation_id,
                  typing_at = excluded.typing_at
                """).execute(arguments: [agent, session, now, now, viewing, typing, typing == nil ? nil : now])
        }
    }

    public func leave(agent: String, session: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM presence WHERE agent = ? AND session = ?", arguments: [agent, session])
        }
    }

    public func presence() async throws -> [PresenceInfo] {
        let now = clock()
        let cutoff = now.addingTimeInterval(-Self.presenceTimeout).millis
        let typingCutoff = now.addingTimeInterval(-PresenceTimings.typingShown).millis
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT agent, viewing_conversation_id, typing_conversation_id, typing_at, heartbeat_at FROM presence
                WHERE heartbeat_at >= ? ORDER BY agent
                """, arguments: [cutoff]).map { row in
                try WrongColumnType.inTable("presence") {
                    let typingAt: Int64? = try row.value("typing_at")
                    let typing: Int64? = try row.value("typing_conversation_id")
                    return try PresenceInfo(agent: row.value("agent"), viewing: row.value("viewing_conversation_id"),
                                            typing: (typingAt ?? 0) >= typingCutoff ? typing : nil,
                                            heartbeatAt: Date(millis: row.value("heartbeat_at")))
                }
            }
        }
    }
}

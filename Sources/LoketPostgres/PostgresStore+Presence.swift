public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    /// Typing that is not refreshed within this long no longer counts.
    public static let typingTimeout: TimeInterval = 8

    public func heartbeat(agent: String, session: String, viewing: Int64?, typing: Int64?) async throws {
        let now = clock().millis
        let typingAt: Int64? = typing == nil ? nil : now
        let logger = self.logger
        try await write { conn in
            _ = try await PGWrites.actor(conn, login: agent, logger: logger)
            try await conn.execute("""
                INSERT INTO presence (agent, session, online_since, heartbeat_at, viewing_conversation_id, typing_conversation_id, typing_at)
                VALUES (\(agent), \(session), \(now), \(now), \(viewing), \(typing), \(typingAt))
                ON CONFLICT (agent) DO UPDATE SET session = excluded.session, heartbeat_at = excluded.heartbeat_at,
                  online_since = CASE WHEN presence.session = excluded.session THEN presence.online_since ELSE excluded.online_since END,
                  viewing_conversation_id = excluded.viewing_conversation_id,
                  typing_conversation_id = excluded.typing_conversation_id,
                  typing_at = excluded.typing_at
                """, logger: logger)
        }
    }

    public func leave(agent: String, session: String) async throws {
        let logger = self.logger
        try await write { conn in
            try await conn.execute("DELETE FROM presence WHERE agent = \(agent) AND session = \(session)", logger: logger)
        }
    }

    public func presence() async throws -> [PresenceInfo] {
        let now = clock()
        let cutoff = now.addingTimeInterval(-PresenceTimings.timeout).millis
        let typingCutoff = now.addingTimeInterval(-Self.typingTimeout).millis
        let logger = self.logger
        return try await read { conn in
            try await conn.rows("""
                SELECT agent, viewing_conversation_id, typing_conversation_id, typing_at, heartbeat_at FROM presence
                WHERE heartbeat_at >= \(cutoff) ORDER BY agent COLLATE "C"
                """, logger: logger).map { row throws -> PresenceInfo in
                let typingAt: Int64? = try row.value("typing_at")
                let typing: Int64? = try row.value("typing_conversation_id")
                return try PresenceInfo(agent: row.value("agent"), viewing: row.value("viewing_conversation_id"),
                                        typing: (typingAt ?? 0) >= typingCutoff ? typing : nil,
                                        heartbeatAt: Date(millis: row.value("heartbeat_at")))
            }
        }
    }
}

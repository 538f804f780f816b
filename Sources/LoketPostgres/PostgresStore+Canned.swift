import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func cannedReplies() async throws -> [CannedReply] {
        let logger = self.logger
        return try await read { conn in
            var out: [CannedReply] = []
            for row in try await conn.rows("SELECT shortcut, text FROM canned_replies ORDER BY shortcut COLLATE \"C\"", logger: logger) {
                out.append(CannedReply(shortcut: try row.value("shortcut"), text: try row.value("text")))
            }
            return out
        }
    }

    public func saveCannedReply(shortcut: String, text: String, by: String) async throws {
        let shortcut = try CannedReplies.validateShortcut(shortcut)
        let text = try CannedReplies.validateText(text)
        let now = clock()
        let logger = self.logger
        try await write { conn in
            let actor = try await PGWrites.actor(conn, login: by, logger: logger)
            try CannedReplies.manage(by: actor)
            try await conn.execute("""
                INSERT INTO canned_replies (shortcut, text, updated_by, updated_at) VALUES (\(shortcut), \(text), \(by), \(now.millis))
                ON CONFLICT (shortcut) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    public func removeCannedReply(shortcut: String, by: String) async throws {
        let shortcut = try CannedReplies.validateShortcut(shortcut)
        let logger = self.logger
        try await write { conn in
            let actor = try await PGWrites.actor(conn, login: by, logger: logger)
            try CannedReplies.manage(by: actor)
            let removed = try await conn.count("DELETE FROM canned_replies WHERE shortcut = \(shortcut) RETURNING 1", logger: logger)
            guard removed > 0 else { throw NotFound("no canned reply '{1}'; see loket canned list", shortcut) }
        }
    }

    public func installStarterCannedReplies() async throws -> Int {
        let now = clock()
        let logger = self.logger
        return try await write { conn in
            guard try await conn.scalar("SELECT count(*) FROM canned_replies", as: Int.self, logger: logger) == 0 else { return 0 }
            for c in CannedReplies.starter {
                try await conn.execute("""
                    INSERT INTO canned_replies (shortcut, text, updated_by, updated_at) VALUES (\(c.shortcut), \(c.text), NULL, \(now.millis))
                    """, logger: logger)
            }
            return CannedReplies.starter.count
        }
    }
}

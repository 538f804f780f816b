import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func cannedReplies() async throws -> [CannedReply] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT shortcut, text FROM canned_replies ORDER BY shortcut")
                .map { CannedReply(shortcut: try $0.value("shortcut"), text: try $0.value("text")) }
        }
    }

    public func saveCannedReply(shortcut: String, text: String, by: String) async throws {
        let shortcut = try CannedReplies.validateShortcut(shortcut)
        let text = try CannedReplies.validateText(text)
        let now = clock()
        try await write { db in
            try CannedReplies.manage(by: try Writes.actor(db, login: by))
            try db.execute(sql: """
                INSERT INTO canned_replies (shortcut, text, updated_by, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (shortcut) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, arguments: [shortcut, text, by, now.millis])
        }
    }

    public func removeCannedReply(shortcut: String, by: String) async throws {
        let shortcut = try CannedReplies.validateShortcut(shortcut)
        try await write { db in
            try CannedReplies.manage(by: try Writes.actor(db, login: by))
            try db.execute(sql: "DELETE FROM canned_replies WHERE shortcut = ?", arguments: [shortcut])
            guard db.changesCount > 0 else { throw NotFound("no canned reply '{1}'; see loket canned list", shortcut) }
        }
    }

    public func installStarterCannedReplies() async throws -> Int {
        let now = clock()
        return try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM canned_replies") == 0 else { return 0 }
            for c in CannedReplies.starter {
                try db.execute(sql: "INSERT INTO canned_replies (shortcut, text, updated_by, updated_at) VALUES (?, ?, NULL, ?)",
                               arguments: [c.shortcut, c.text, now.millis])
            }
            return CannedReplies.starter.count
        }
    }
}

import GRDB

extension Schema {
    /// v6: the team's canned replies (docs/SPEC.md §10). Changes reach every console through the feed.
    static func v6(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE canned_replies (
              shortcut TEXT PRIMARY KEY,
              text TEXT NOT NULL,
              updated_by TEXT,
              updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TRIGGER canned_replies_feed_insert AFTER INSERT ON canned_replies BEGIN
              INSERT INTO changes (kind, conversation_id, message_id) VALUES ('canned', NULL, NULL);
            END;
            CREATE TRIGGER canned_replies_feed_update AFTER UPDATE ON canned_replies BEGIN
              INSERT INTO changes (kind, conversation_id, message_id) VALUES ('canned', NULL, NULL);
            END;
            CREATE TRIGGER canned_replies_feed_delete AFTER DELETE ON canned_replies BEGIN
              INSERT INTO changes (kind, conversation_id, message_id) VALUES ('canned', NULL, NULL);
            END;
            """)
    }
}

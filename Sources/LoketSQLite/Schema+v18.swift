import GRDB

extension Schema {
    /// v18: replies with buttons or a list wait in the outbox as `interactive` (the message's payload holds them).
    /// The `kind` check gains it, so the table is rebuilt (SQLite cannot change a CHECK in place); rows, ids, the
    /// columns added since and the index are kept.
    static func v18(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_v18 (
              id INTEGER PRIMARY KEY,
              message_id INTEGER UNIQUE REFERENCES messages(id),
              customer_id INTEGER NOT NULL REFERENCES customers(id),
              kind TEXT NOT NULL CHECK (kind IN ('text', 'template', 'mark_read', 'reaction', 'media', 'interactive')),
              read_wamid TEXT,
              next_attempt_at INTEGER NOT NULL,
              in_flight_at INTEGER,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              created_at INTEGER NOT NULL,
              lease_owner TEXT,
              reaction_emoji TEXT,
              read_typing INTEGER NOT NULL DEFAULT 0
            );
            INSERT INTO outbox_v18 SELECT id, message_id, customer_id, kind, read_wamid, next_attempt_at, in_flight_at, attempts,
                                          last_error, created_at, lease_owner, reaction_emoji, read_typing FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v18 RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox(next_attempt_at, id);
            """)
    }
}

import GRDB

extension Schema {
    /// v11: an agent's reaction waits in the outbox like a mark-as-read: the target in `read_wamid`, the emoji
    /// (empty: taken back) in `reaction_emoji`. The `kind` check gains `reaction`, so the table is rebuilt
    /// (SQLite cannot change a CHECK in place); rows, ids and the index are kept.
    static func v11(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_v11 (
              id INTEGER PRIMARY KEY,
              message_id INTEGER UNIQUE REFERENCES messages(id),
              customer_id INTEGER NOT NULL REFERENCES customers(id),
              kind TEXT NOT NULL CHECK (kind IN ('text', 'template', 'mark_read', 'reaction')),
              read_wamid TEXT,
              next_attempt_at INTEGER NOT NULL,
              in_flight_at INTEGER,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              created_at INTEGER NOT NULL,
              lease_owner TEXT,
              reaction_emoji TEXT
            );
            INSERT INTO outbox_v11 (id, message_id, customer_id, kind, read_wamid, next_attempt_at, in_flight_at, attempts,
                                    last_error, created_at, lease_owner)
              SELECT id, message_id, customer_id, kind, read_wamid, next_attempt_at, in_flight_at, attempts, last_error,
                     created_at, lease_owner FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v11 RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox(next_attempt_at, id);
            """)
    }
}

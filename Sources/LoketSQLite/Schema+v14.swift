import GRDB

extension Schema {
    /// v14: a customer's edits and deletions (docs/SPEC.md §9). Each is kept by its own wamid (a redelivery is
    /// one row) against the message it changes, whether or not that message has arrived yet; the message's own
    /// row keeps what was first written, so the original text stays in the store and in `export`.
    static func v14(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE message_revisions (
              wamid TEXT PRIMARY KEY,
              target_wamid TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('edit', 'delete')),
              body TEXT NOT NULL,
              at INTEGER NOT NULL
            );
            CREATE INDEX message_revisions_target ON message_revisions(target_wamid, at);
            """)
    }
}

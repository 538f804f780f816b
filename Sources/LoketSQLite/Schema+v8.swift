import GRDB

extension Schema {
    /// v8: reactions (docs/SPEC.md §9). A reaction is not a customer message: it is kept against the message it
    /// reacts to (by wamid, so one to a message not yet known still lands), one per reactor, and never touches
    /// the conversation's state, queue order or waiting time.
    static func v8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reactions (
              target_wamid TEXT NOT NULL,
              reactor TEXT NOT NULL,
              emoji TEXT NOT NULL,
              at INTEGER NOT NULL,
              PRIMARY KEY (target_wamid, reactor)
            ) WITHOUT ROWID;
            """)
    }
}

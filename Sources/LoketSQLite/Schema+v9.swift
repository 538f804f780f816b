import GRDB

extension Schema {
    /// v9: drafts. What an agent has typed and not sent is kept per agent and conversation, so it survives
    /// quitting, a crash of the terminal, or the next day's login on another host.
    static func v9(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE drafts (
              agent TEXT NOT NULL,
              conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
              text TEXT NOT NULL,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (agent, conversation_id)
            ) WITHOUT ROWID;
            """)
    }
}

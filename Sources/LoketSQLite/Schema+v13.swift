import GRDB

extension Schema {
    /// v13: blue ticks follow docs/SPEC.md §9 (the holder, not whoever looks). `conversations.receipt_seq` is the
    /// customer message count last marked read at WhatsApp (apart from each agent's own read mark), and a
    /// mark-as-read in the outbox may carry Meta's typing indicator (`read_typing`). Stores from before marked read at
    /// WhatsApp whatever any agent had read in Loket: that is what was sent.
    static func v13(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE conversations ADD COLUMN receipt_seq INTEGER NOT NULL DEFAULT 0;
            UPDATE conversations SET receipt_seq =
              COALESCE((SELECT MAX(read_seq) FROM conversation_reads r WHERE r.conversation_id = conversations.id), 0);
            ALTER TABLE outbox ADD COLUMN read_typing INTEGER NOT NULL DEFAULT 0;
            """)
    }
}

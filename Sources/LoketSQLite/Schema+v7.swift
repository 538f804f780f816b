import GRDB

extension Schema {
    /// v7: pending until a time (docs/SPEC.md §10). The gateway (or any process) wakes due ones; the partial index keeps
    /// that look-up to the few conversations parked with a time.
    static func v7(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE conversations ADD COLUMN pending_until INTEGER;
            CREATE INDEX conversations_pending_until ON conversations(pending_until) WHERE pending_until IS NOT NULL;
            """)
    }
}

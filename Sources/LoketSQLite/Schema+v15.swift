import GRDB

extension Schema {
    /// v15: a status that arrives before its send's answer keeps all of Meta's `pricing` object (billable, type),
    /// which decides the price once the wamid is known.
    static func v15(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE early_statuses ADD COLUMN pricing_billable INTEGER;
            ALTER TABLE early_statuses ADD COLUMN pricing_type TEXT;
            """)
    }
}

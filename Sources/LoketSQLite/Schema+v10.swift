import GRDB

extension Schema {
    /// v10: when the away message last went to a customer (docs/SPEC.md §10: once per closed period).
    static func v10(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE customers ADD COLUMN away_sent_at INTEGER")
    }
}

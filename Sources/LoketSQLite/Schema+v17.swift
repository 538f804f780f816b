import GRDB

extension Schema {
    /// v17: a template's quality as Meta rates it (`message_template_quality_update`: GREEN, YELLOW, RED, UNKNOWN).
    static func v17(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE templates ADD COLUMN quality TEXT")
    }
}

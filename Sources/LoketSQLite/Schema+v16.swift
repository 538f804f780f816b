import GRDB

extension Schema {
    /// v16: an announcement Meta stopped by refusing its template (132015 paused, 132016 disabled, …) is cancelled
    /// with Meta's code kept (`stop_code`), so the header and the progress can say why.
    static func v16(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE announcements ADD COLUMN stop_code INTEGER")
    }
}

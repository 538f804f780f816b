import GRDB

extension Schema {
    /// v19: the OS user an agent runs `loket` as (docs/SPEC.md §13; NULL: the same as the login).
    static func v19(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE agents ADD COLUMN os_user TEXT")
        try db.execute(sql: "CREATE UNIQUE INDEX agents_os_user ON agents (coalesce(os_user, login))")
    }
}

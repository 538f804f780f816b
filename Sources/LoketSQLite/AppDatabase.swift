import Foundation
import GRDB
import LoketStore

/// Opens the SQLite store file and owns its migrator (GRDB's `AppDatabase` pattern).
///
/// WAL lets consoles read while the gateway writes; writes take an IMMEDIATE transaction and wait (never
/// fail) while another process holds the write lock; `synchronous = FULL` makes a commit durable before
/// the webhook is acknowledged.
enum AppDatabase {
    /// How long a write waits for another process's lock before the store reports itself unavailable.
    static let busyTimeout: TimeInterval = 60

    static func configuration(readonly: Bool = false) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.readonly = readonly
        config.label = "loket"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    static func open(path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration())
        if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw StoreUnusable("\(path) was written by a newer Loket (its schema has migrations this one does not know); upgrade loket")
        }
        try migrate(pool)
        return pool
    }

    /// Runs pending migrations. Several processes may open a new store at once: the loser of the race
    /// finds the schema already migrated.
    static func migrate(_ writer: some DatabaseWriter) throws {
        let m = migrator
        for attempt in 0..<3 {
            do {
                try m.migrate(writer)
                return
            } catch {
                if try writer.read({ db in try m.hasCompletedMigrations(db) }) { return }
                if attempt == 2 { throw error }
            }
        }
    }

    /// The schema's history. A migration that has shipped is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1", migrate: Schema.v1)
        m.registerMigration("v2", migrate: Schema.v2)
        m.registerMigration("v3", migrate: Schema.v3)
        m.registerMigration("v4", migrate: Schema.v4)
        m.registerMigration("v5", migrate: Schema.v5)
        m.registerMigration("v6", migrate: Schema.v6)
        m.registerMigration("v7", migrate: Schema.v7)
        m.registerMigration("v8", migrate: Schema.v8)
        m.registerMigration("v9", migrate: Schema.v9)
        m.registerMigration("v10", migrate: Schema.v10)
        m.registerMigration("v11", migrate: Schema.v11)
        m.registerMigration("v12", migrate: Schema.v12)
        m.registerMigration("v13", migrate: Schema.v13)
        m.registerMigration("v14", migrate: Schema.v14)
        m.registerMigration("v15", migrate: Schema.v15)
        m.registerMigration("v16", migrate: Schema.v16)
        m.registerMigration("v17", migrate: Schema.v17)
        m.registerMigration("v18", migrate: Schema.v18)
        m.registerMigration("v19", migrate: Schema.v19)
        return m
    }
}

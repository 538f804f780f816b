import ArgumentParser
import Foundation
import LoketConfig
import LoketDomain
import LoketPostgres
import LoketSQLite
import LoketStore

/// `loket migrate --to postgres://…`: copies the SQLite store (`--store`) into an empty PostgreSQL database, exactly
/// (docs/SPEC.md §13), and prints each table's rows and checksum as read back from both.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy a SQLite store into an empty PostgreSQL database.",
        discussion: "Ids, times and the audit trail are kept; the copy is one transaction. Stop the gateway and consoles first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The PostgreSQL store to fill: postgres://USER@HOST[:PORT]/DB (an empty database).") var to: String

    func run() async throws {
        try await guarded {
            let address = try PostgresAddress(parsing: to)
            let (config, opened) = try await global.open()
            guard let source = opened as? SQLiteStore else {
                throw InputError("--store must be the SQLite store file to copy from; the target is --to")
            }
            let target = try await PostgresStore(address: address, rateCard: try RateCardLoader.load(for: config))
            let report = try await target.copy(from: source) { _, _ in }
            var total = TableChecksum(), back = TableChecksum()
            var rows: [[String]] = []
            for t in report.tables {
                rows.append([t.table, String(t.source.rows) + (t.source.rows == t.target.rows ? "" : " → \(t.target.rows)"),
                             t.source.description, t.target.description])
                total.add(t.source); back.add(t.target)
            }
            print(TextTable.render(["TABLE", "ROWS", "SQLITE CHECKSUM", "POSTGRESQL CHECKSUM"], rows))
            print("total: \(total.rows) rows, checksum \(total) (SQLite) \(back) (PostgreSQL)")
            guard report.exact else {
                throw StoreUnusable("the copy in \(address) differs from the SQLite store (see the tables above); drop that database and try again")
            }
            print("copied \(global.storePath) into \(address) exactly; use --store \(address) (or [store] url) from now on")
        }
    }
}

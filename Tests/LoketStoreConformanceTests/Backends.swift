import Foundation
import LoketDomain
import LoketPostgres
import LoketSQLite
import LoketStore
import LoketTestSupport

/// Every store backend, for tests that take `arguments: Backend.allCases` (fluent-kit's FluentBenchmark is the
/// model): the same rules, run against each.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres
    var description: String { rawValue }

    /// A new empty store of this backend (PostgreSQL: a fresh database in the test process's throwaway cluster).
    func makeStore(clock: @escaping @Sendable () -> Date = { Date() }) async throws -> any TeamDirectory & TeamAdministration & ChangeFeed {
        switch self {
        case .sqlite:
            return try SQLiteStore(path: ScratchDirectory.make("conformance") + "/loket.db", clock: clock)
        case .postgres:
            let cluster = try PostgresCluster.shared()
            let db = try cluster.makeDatabase()
            return try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)), clock: clock)
        }
    }
}

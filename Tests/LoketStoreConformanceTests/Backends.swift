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
    func makeStore(clock: @escaping @Sendable () -> Date = { Date() }, rateCard: RateCard? = nil) async throws -> any LoketStore {
        switch self {
        case .sqlite:
            return try SQLiteStore(path: ScratchDirectory.make("conformance") + "/loket.db", rateCard: rateCard, clock: clock)
        case .postgres:
            let cluster = try PostgresCluster.shared()
            let db = try cluster.makeDatabase()
            return try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)), rateCard: rateCard, clock: clock)
        }
    }

    /// An empty store on the test clock with the fixtures' rate card.
    func emptyStore(clock: TestClock = TestClock()) async throws -> any LoketStore {
        try await makeStore(clock: { clock.now }, rateCard: Fixtures.rateCard)
    }

    /// A store with supervisor rudi and agents sari and budi, on the test clock with the fixtures' rate card.
    func store(clock: TestClock = TestClock()) async throws -> any LoketStore {
        let s = try await emptyStore(clock: clock)
        try await Fixtures.seedTeam(s)
        return s
    }
}

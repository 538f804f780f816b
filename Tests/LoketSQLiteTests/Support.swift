import LoketTestSupport
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

extension Fixtures {
    /// A store with supervisor rudi and agents sari and budi.
    static func store(clock: TestClock = TestClock(), path: String = tempPath()) async throws -> SQLiteStore {
        let s = try SQLiteStore(path: path, rateCard: rateCard, clock: { clock.now })
        try await seedTeam(s)
        return s
    }
}

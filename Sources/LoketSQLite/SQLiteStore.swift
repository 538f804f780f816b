import Foundation
import GRDB
import LoketDomain
import LoketStore

/// The SQLite implementation of ``LoketStore`` (GRDB, WAL): one file shared by every console and the
/// gateway on a host.
public final class SQLiteStore: LoketStoreMaintenance, Sendable {
    let pool: DatabasePool
    let path: String
    let rateCard: RateCard?
    let clock: @Sendable () -> Date

    /// Opens or creates the store at `path`, migrating it to the current schema.
    /// - Parameters:
    ///   - rateCard: prices delivered template messages (nil: they are not priced).
    ///   - clock: the current time (tests pass a fixed one).
    public init(path: String, rateCard: RateCard? = nil, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        do {
            self.pool = try AppDatabase.open(path: path)
        } catch {
            throw StoreUnavailable("cannot open store \(path): \(SQLiteStore.describe(error))")
        }
        self.path = path
        self.rateCard = rateCard
        self.clock = clock
    }

    /// Runs a write transaction (IMMEDIATE: it waits for other writers), mapping SQLite failures to
    /// ``StoreUnavailable`` and letting the domain's errors through.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch { throw mapped(error) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch { throw mapped(error) }
    }

    private func mapped(_ error: any Error) -> any Error {
        if error is DatabaseError { return StoreUnavailable("store \(path): \(SQLiteStore.describe(error))") }
        return error
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                return "still busy after \(Int(AppDatabase.busyTimeout)) s; another process holds it, try again"
            }
            return e.message ?? "\(e.resultCode)"
        }
        return "\(error)"
    }
}

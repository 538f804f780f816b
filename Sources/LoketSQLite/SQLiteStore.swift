public import Foundation
import GRDB
public import LoketDomain
public import LoketStore

/// The SQLite implementation of ``LoketStore`` (GRDB, WAL): one file shared by every console and the
/// gateway on a host.
public final class SQLiteStore: LoketStoreMaintenance, Sendable {
    let pool: DatabasePool
    let path: String
    let rateCard: RateCard?
    let clock: @Sendable () -> Date
    /// The OS group sharing the store's files (`[store] group`), if any.
    let teamGroup: String?
    /// Set when the store file is readable by every user on the host (the CLI prints it).
    public let permissionWarning: String?

    /// Opens (or, with `create`, creates) the store at `path`, migrating it to the current schema.
    /// - Parameters:
    ///   - rateCard: prices delivered template messages (nil: they are not priced).
    ///   - clock: the current time (tests pass a fixed one).
    ///   - create: make a new store when there is none (only `loket init` and the demo do; for every other
    ///     command a mistyped path is an error, not a new empty store).
    ///   - group: the team's OS group (files 0660 and folders 2770 instead of 0600 and 0700).
    public init(path: String, rateCard: RateCard? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                create: Bool = true, group: String? = nil) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw NotFound("no store at \(path); create one with: loket init --store \(path) (or pass --store)") }
            do { try StoreFiles.create(path: path, group: group) }
            catch { throw StoreUnavailable("\(error)") }
        }
        do {
            self.pool = try AppDatabase.open(path: path)
        } catch let e as StoreUnusable {
            throw e
        } catch let e as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(e.resultCode.primaryResultCode) {
            throw StoreUnusable("\(path) is not a usable Loket store (\(e.resultCode)); restore it from a backup")
        } catch {
            throw StoreUnavailable("cannot open store \(path): \(SQLiteStore.describe(error))")
        }
        self.path = path
        self.rateCard = rateCard
        self.clock = clock
        self.teamGroup = group
        self.permissionWarning = StoreFiles.secure(path: path, group: group)
    }

    /// Runs a write transaction (IMMEDIATE: it waits for other writers), mapping SQLite failures to
    /// ``StoreUnavailable`` and letting the domain's errors through.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch { throw mapped(error) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch { throw mapped(error) }
    }

    /// SQLite failures become ``StoreUnavailable`` (try again) or, when trying again cannot help, ``StoreUnusable``.
    /// A value of the wrong type (the file was edited outside Loket) is named by its column, never shown:
    /// GRDB's own error text holds the whole row, i.e. customer data.
    private func mapped(_ error: any Error) -> any Error {
        let fix = "(edited outside Loket?); restore it from a backup or fix that row"
        switch error {
        case let e as WrongColumnType:
            return StoreUnusable("store \(path) has \(e) \(fix)")
        case is RowDecodingError:
            return StoreUnusable("store \(path) has a value of the wrong type \(fix)")
        case let e as DatabaseError where e.resultCode.primaryResultCode == .SQLITE_MISMATCH:
            return StoreUnusable("store \(path) has a value of the wrong type \(fix)")
        case let e as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(e.resultCode.primaryResultCode):
            return StoreUnusable("\(path) is not a usable Loket store (\(e.resultCode)); restore it from a backup")
        case is DatabaseError:
            return StoreUnavailable("store \(path): \(SQLiteStore.describe(error))")
        default:
            return error
        }
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

import Foundation
import Logging
import LoketDomain
import LoketStore
import PostgresNIO

extension PostgresStore {
    /// How often a transaction PostgreSQL aborted for a conflict (serialization failure, deadlock) is run again.
    static let conflictRetries = 20

    /// Runs `body` in a SERIALIZABLE transaction: every rule reads and writes as if it were alone (as SQLite's
    /// IMMEDIATE transactions are), and PostgreSQL aborts one of two that would break that; an aborted one is run
    /// again from the start (with a short pause growing with each attempt). Errors become the store's.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL SERIALIZABLE", announces: true, body)
    }

    /// Runs `body` in a READ COMMITTED transaction, for the hot paths (storing webhooks, recording sends, agents'
    /// actions and answers, auto-assignment) that take the row locks their rules need themselves (`FOR UPDATE` of the
    /// customer and conversation, `FOR NO KEY UPDATE` of an agent whose workload is counted, and an advisory lock per
    /// wamid between a status and its send's answer): under a stream of webhooks, SERIALIZABLE's predicate locks
    /// aborted more than they let through. Every statement sees what committed before it; a unique key taken by another writer meanwhile is a
    /// conflict, and the whole transaction runs again.
    func writeLocking<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", announces: true, body)
    }

    /// ``writeLocking`` for the dispatchers' own bookkeeping (outbox leases, heartbeats): those tables have no
    /// feed trigger, so it writes no change rows and nothing is announced after its commit (a round trip fewer, several
    /// times a second for every gateway).
    func writeBookkeeping<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", announces: false, body)
    }

    /// Runs `body` in a read-only REPEATABLE READ transaction: one consistent snapshot for every query in it.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", announces: false, body)
    }

    /// `announces`: whether the transaction may have written change rows (then the feed's listeners are told after it).
    private func transaction<T: Sendable>(begin: PostgresQuery, announces: Bool, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await withErrors {
                    try await client.withConnection { conn in
                        try await conn.execute(begin, logger: logger)
                        let value: T
                        do {
                            value = try await body(conn)
                        } catch {
                            try? await conn.execute("ROLLBACK", logger: logger)
                            throw error
                        }
                        try await conn.execute("COMMIT", logger: logger)
                        if announces { await self.notifyPending(conn) }
                        return value
                    }
                }
            } catch let e as Conflict {
                guard attempt < Self.conflictRetries else {
                    throw StoreUnavailable("PostgreSQL aborted this change \(attempt) times for conflicts with others (\(e)); try again")
                }
                // Growing and jittered (2 ms, 4 ms, … up to about 100 ms), so two that keep colliding drift apart.
                let pause = Double(min(1 << min(attempt, 6), 50)) * 0.002
                try? await waits.sleep(for: pause + Double.random(in: 0...pause))
            }
        }
    }
}

extension PostgresStore {
    /// Runs `body` in the connection's own (READ COMMITTED) transaction, for administration that locks tables or
    /// creates roles; then wakes the feed's listeners if it wrote changes.
    func adminTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { conn in
            let value = try await conn.withTransaction(logger: self.logger) { try await body($0) }
            await self.notifyPending(conn)
            return value
        }
    }

    /// After a commit: tells the feed's listeners if it wrote change rows. The write has happened whatever this does: a
    /// listener that misses it reads it at its next wake-up.
    func notifyPending(_ conn: PostgresConnection) async {
        _ = try? await conn.execute("SELECT loket_notify_pending()", logger: logger)
    }
}

/// PostgreSQL aborted a transaction for a conflict with another (40001 serialization failure, 40P01 deadlock);
/// running it again succeeds.
struct Conflict: Error, CustomStringConvertible {
    var description: String
}

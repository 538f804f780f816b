public import Foundation
import Logging
public import LoketDomain
public import LoketStore
import PostgresNIO

/// The store on PostgreSQL, for a team on several hosts (docs/SPEC.md §13): the whole store API behind
/// `--store postgres://`, with identity enforced by the database itself (each agent connects as their own role; see
/// ``PostgresSchema``). Rules are LoketDomain's, run inside SERIALIZABLE transactions (retried on conflicts), so
/// several gateways and consoles on several hosts keep them as one SQLite file's writers do.
public final class PostgresStore: LoketStore, Sendable {
    let client: PostgresClient
    let address: PostgresAddress
    let clock: @Sendable () -> Date
    /// What the change feed's watchers wait on (the gap between reads under a stream, the safety net's timeout, the
    /// pause before reconnecting), and a transaction aborted for a conflict before it runs again.
    let waits: any LoketClock
    let rateCard: RateCard?
    let logger: Logger
    private let running: Task<Void, Never>

    /// Connects (lazily: the first query opens the pool) and brings the schema up to date when `migrate`.
    public init(address: PostgresAddress, rateCard: RateCard? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                waits: any LoketClock = SystemClock(), migrate: Bool = true) async throws {
        self.address = address
        self.rateCard = rateCard
        self.clock = clock
        self.waits = waits
        var logger = Logger(label: "loket.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let password = ProcessInfo.processInfo.environment["PGPASSWORD"]
        var configuration: PostgresClient.Configuration
        if let folder = address.socketFolder {
            configuration = .init(unixSocketPath: folder + "/.s.PGSQL.\(address.port)", username: address.user, password: password,
                                  database: address.database)
        } else {
            configuration = .init(host: address.host ?? "127.0.0.1", port: address.port, username: address.user, password: password,
                                  database: address.database, tls: .disable)
        }
        configuration.options.maximumConnections = 8
        // Changes are noted by the trigger and announced after the commit (`loket_notify_pending`), not by a NOTIFY
        // inside the transaction that would serialise every writer's commit (PostgresSchema).
        configuration.options.additionalStartupParameters = [("loket.notify", "after_commit")]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        if migrate { try await self.migrate() }
    }

    deinit { running.cancel() }

    /// The currency prices are kept in (the rate card's).
    var currency: String { rateCard?.currency ?? "USD" }

    /// Applies the migrations this store lacks, one transaction each, under an advisory lock (several gateways may
    /// start at once).
    public func migrate() async throws {
        // Up to date already (every agent's console and command opens the store this way): nothing to create, so a
        // role that may not create tables (an agent's) opens it too.
        let latest = PostgresSchema.migrations.map(\.version).max() ?? 0
        let logger = self.logger
        let applied = try? await withErrors {
            try await client.withConnection { conn in
                try await conn.scalar("SELECT max(version) FROM loket_migrations", as: Int.self, logger: logger)
            }
        }
        if let v = applied ?? nil {
            if v > latest { throw StoreUnusable("the PostgreSQL store \(address) was written by a newer Loket (schema \(v), this one knows \(latest)); upgrade loket") }
            if v == latest { return }
        }
        try await withErrors {
            try await client.withConnection { conn in
                try await conn.execute("""
                    CREATE TABLE IF NOT EXISTS loket_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                // One migrator at a time (several gateways may start together); the lock ends with the transaction.
                try await conn.withTransaction(logger: logger) { conn in
                    try await conn.execute("SELECT pg_advisory_xact_lock(7212420)", logger: logger)
                    var applied: Set<Int> = []
                    for try await v in try await conn.query("SELECT version FROM loket_migrations", logger: logger).decode(Int.self) {
                        applied.insert(v)
                    }
                    for m in PostgresSchema.migrations where !applied.contains(m.version) {
                        for statement in m.statements { try await conn.execute(PostgresQuery(unsafeSQL: statement), logger: logger) }
                        try await conn.execute("INSERT INTO loket_migrations (version) VALUES (\(m.version))", logger: logger)
                    }
                }
            }
        }
    }

    /// Runs `body`, turning PostgreSQL's refusals into the store's errors: 42501 (no privilege, or a function's
    /// own refusal) is a ``Refusal``; a lost connection is ``StoreUnavailable``.
    func withErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as PostgresTransactionError {
            // A rule's refusal inside a transaction (rolled back) is the refusal itself.
            throw e.closureError.map(Self.translate) ?? e.beginError.map(Self.translate) ?? e.commitError.map(Self.translate) ?? e
        } catch { throw Self.translate(error) }
    }

    static func translate(_ error: any Error) -> any Error {
        guard let e = error as? PSQLError else { return error }
        let state = e.serverInfo?[.sqlState], message = e.serverInfo?[.message] ?? String(describing: e.code)
        switch state {
        // 23505: a unique key another writer took since this transaction looked (READ COMMITTED); run again, it is seen.
        case "40001"?, "40P01"?, "23505"?: return Conflict(description: message)
        // Catalog rows shared by the cluster (role memberships) changed by another database's Loket at the same instant.
        case "XX000"? where message.contains("concurrently"): return Conflict(description: message)
        case "42501"?: return Refusal(message.hasPrefix("permission denied") ? "the database refused: {1}" : message, message)
        case "P0002"?: return NotFound(message)
        case nil: return StoreUnavailable("PostgreSQL: \(message)")
        default: return StoreUnusable("PostgreSQL said \(state ?? ""): \(message)")
        }
    }
}

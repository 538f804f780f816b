import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose rows are not wanted, reading its answer to the end: an error PostgreSQL raises while
    /// executing (a function's refusal) arrives with the rows, and a discarded answer would lose it (and the
    /// transaction's COMMIT would quietly roll back).
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}

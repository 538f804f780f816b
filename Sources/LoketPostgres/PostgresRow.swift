import Foundation
import LoketStore
import PostgresNIO

/// One result row, read by position or by column name (as GRDB's `Row` is on SQLite), checked: a value of the
/// wrong type is ``StoreUnusable`` naming the column, never the value (values are customer data).
struct PostgresRow: Sendable {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresNIO.PostgresRow) { cells = row.makeRandomAccess() }

    func value<T: PostgresDecodable>(_ index: Int) throws -> T {
        do { return try cells[index].decode(T.self) } catch {
            throw StoreUnusable("a value of the wrong type in column \(cells[index].columnName) (edited outside Loket?)")
        }
    }

    func value<T: PostgresDecodable>(_ column: String) throws -> T {
        do { return try cells[column].decode(T.self) } catch {
            throw StoreUnusable("a value of the wrong type in column \(column) (edited outside Loket?)")
        }
    }

    /// A column that may be NULL.
    func optional<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T? {
        if cells[index].bytes == nil { return nil }
        do { return try cells[index].decode(T.self) } catch {
            throw StoreUnusable("a value of the wrong type in column \(cells[index].columnName) (edited outside Loket?)")
        }
    }

    /// A value Loket writes from a closed set (a state, a role, a status); anything else is ``StoreUnusable``.
    func known<T: RawRepresentable>(_ index: Int) throws -> T where T.RawValue == String {
        let raw: String = try value(index)
        guard let v = T(rawValue: raw) else {
            throw StoreUnusable("an unknown value in column \(cells[index].columnName) (edited outside Loket?)")
        }
        return v
    }

    func known<T: RawRepresentable>(_ column: String) throws -> T where T.RawValue == String {
        let raw: String = try value(column)
        guard let v = T(rawValue: raw) else { throw StoreUnusable("an unknown value in column \(column) (edited outside Loket?)") }
        return v
    }
}

extension PostgresConnection {
    /// Every row of `query`.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        var out: [PostgresRow] = []
        for try await row in try await self.query(query, logger: logger) { out.append(PostgresRow(row)) }
        return out
    }

    /// The first row of `query` (the rest are read and dropped).
    func row(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRow? {
        var first: PostgresRow?
        for try await row in try await self.query(query, logger: logger) where first == nil { first = PostgresRow(row) }
        return first
    }

    /// The first column of the first row, nil when there is no row (or the value is NULL).
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type = T.self, logger: Logger) async throws -> T? {
        guard let r = try await row(query, logger: logger) else { return nil }
        return try r.optional(0, T.self)
    }

    /// Runs a statement and counts the rows it touched (the statement ends with `RETURNING 1`, or any column).
    func count(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        var n = 0
        for try await _ in try await self.query(query, logger: logger) { n += 1 }
        return n
    }
}

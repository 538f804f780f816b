import GRDB
public import LoketStore

/// The store read table by table (`loket migrate --to` copies it into PostgreSQL).
extension SQLiteStore: StoreTableSource {
    public func tableColumns(_ table: String) async throws -> [String] {
        let table = try Self.known(table)
        return try await read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table]) }
    }

    public func tableCount(_ table: String) async throws -> Int {
        let table = try Self.known(table)
        return try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// Pages by rowid where the table has one (every table with an integer id), else by position in primary-key order.
    public func tablePage(_ table: String, columns: [String], cursor: String?, limit: Int) async throws -> (rows: [[StoreValue]], next: String?) {
        let table = try Self.known(table)
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try await read { db in
            let withoutRowID = try Bool.fetchOne(db, sql: "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?",
                                                 arguments: [table]) ?? false
            let rows: [Row]
            let next: String?
            if withoutRowID {
                let keys = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
                let offset = Int(cursor ?? "0") ?? 0
                rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(table) ORDER BY \(keys.joined(separator: ", ")) LIMIT ? OFFSET ?",
                                        arguments: [limit, offset])
                next = rows.count == limit ? String(offset + limit) : nil
                return (try rows.map { try Self.values($0, columns.count) }, next)
            }
            let after = Int64(cursor ?? "") ?? Int64.min
            let keyed = try Row.fetchAll(db, sql: "SELECT rowid, \(list) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                         arguments: [after, limit])
            let last: Int64? = try keyed.last.map { try $0.value(0) }
            next = keyed.count == limit ? last.map(String.init) : nil
            return (try keyed.map { row in Array(try Self.values(row, columns.count + 1).dropFirst()) }, next)
        }
    }

    private static func values(_ row: Row, _ count: Int) throws -> [StoreValue] {
        (0..<count).map { i in
            switch row[i] as DatabaseValue? {
            case nil: return .null
            case let v?:
                switch v.storage {
                case .null: return .null
                case .int64(let n): return .integer(n)
                case .double(let d): return .real(d)
                case .string(let s): return .text(s)
                case .blob(let b): return .text(String(decoding: b, as: UTF8.self))
                }
            }
        }
    }

    private static func known(_ table: String) throws -> String {
        guard StoreTables.all.contains(table) else { throw StoreUnusable("'\(table)' is not a table of a Loket store") }
        return table
    }
}

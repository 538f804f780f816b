import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

/// The store read and written table by table: `loket migrate --to` copies a SQLite store in, exactly.
extension PostgresStore: StoreTableSource {
    public func tableColumns(_ table: String) async throws -> [String] {
        let table = try Self.known(table)
        return try await read { conn in
            try await conn.rows("""
                SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(table)
                ORDER BY ordinal_position
                """, logger: self.logger).map { try $0.value(0) as String }
        }
    }

    public func tableCount(_ table: String) async throws -> Int {
        let table = try Self.known(table)
        return try await read { conn in
            try await conn.scalar(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), as: Int.self, logger: self.logger) ?? 0
        }
    }

    /// Pages in the order of every column (the primary key is among them, so the order is total).
    public func tablePage(_ table: String, columns: [String], cursor: String?, limit: Int) async throws -> (rows: [[StoreValue]], next: String?) {
        let table = try Self.known(table)
        let offset = Int(cursor ?? "0") ?? 0
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let order = (1...max(1, columns.count)).map(String.init).joined(separator: ", ")
        return try await read { conn in
            var out: [[StoreValue]] = []
            let sql = "SELECT \(list) FROM \(table) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
            for try await row in try await conn.query(PostgresQuery(unsafeSQL: sql), logger: self.logger) {
                out.append(try row.map(Self.value))
            }
            return (out, out.count == limit ? String(offset + limit) : nil)
        }
    }

    /// True when no Loket table holds a row (a fresh database, migrated).
    public func isEmpty() async throws -> Bool {
        try await read { conn in
            for table in StoreTables.all {
                if try await conn.scalar(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) LIMIT 1"), as: Int.self, logger: self.logger) != nil {
                    return false
                }
            }
            return true
        }
    }

    /// Copies every table of `source` into this store in one transaction (all or nothing), keeping ids, with the
    /// change-feed and identity triggers off while rows go in; sequences then continue after the highest id. The
    /// target must be empty. Returns each table's checksum as read from the source and, afterwards, read back here.
    public func copy(from source: any StoreTableSource, progress: @escaping @Sendable (String, Int) -> Void) async throws -> StoreCopyReport {
        guard try await isEmpty() else {
            throw Refusal("the PostgreSQL database {1} already holds a Loket store; migrate into an empty one", address.database)
        }
        let logger = self.logger
        var plan: [(table: String, columns: [String])] = []
        for table in StoreTables.all { plan.append((table, try await source.tableColumns(table))) }
        let copied: [(String, TableChecksum, [String])] = try await withErrors {
            try await client.withConnection { conn in
                try await conn.execute("BEGIN", logger: logger)
                do {
                    var sums: [(String, TableChecksum, [String])] = []
                    for (table, columns) in plan {
                        let types = Dictionary(uniqueKeysWithValues: try await conn.rows("""
                            SELECT column_name::text, data_type::text FROM information_schema.columns
                            WHERE table_schema = current_schema() AND table_name = \(table)
                            """, logger: logger).map { (try $0.value(0) as String, try $0.value(1) as String) })
                        let missing = columns.filter { types[$0] == nil }
                        guard missing.isEmpty else {
                            throw StoreUnusable("the SQLite store's \(table) has columns this PostgreSQL schema lacks: \(missing.joined(separator: ", "))")
                        }
                        let search = table == "messages" ? columns.firstIndex(of: "body") : nil
                        var target = columns
                        if search != nil { target.append("search_text") }
                        let list = target.map { "\"\($0)\"" }.joined(separator: ", ")
                        try await conn.execute(PostgresQuery(unsafeSQL: "ALTER TABLE \(table) DISABLE TRIGGER USER"), logger: logger)
                        var sum = TableChecksum()
                        var cursor: String? = nil
                        repeat {
                            let page = try await source.tablePage(table, columns: columns, cursor: cursor, limit: 500)
                            cursor = page.next
                            guard !page.rows.isEmpty else { break }
                            var binds = PostgresBindings(capacity: page.rows.count * target.count)
                            var tuples: [String] = []
                            var n = 0
                            for row in page.rows {
                                sum.add(row)
                                var marks: [String] = []
                                for (i, v) in row.enumerated() {
                                    try Self.bind(v, as: types[columns[i]] ?? "text", into: &binds, column: "\(table).\(columns[i])")
                                    n += 1; marks.append("$\(n)")
                                }
                                if let s = search, case .text(let body) = row[s] {
                                    binds.append(SearchText.indexable(body)); n += 1; marks.append("$\(n)")
                                } else if search != nil {
                                    binds.append(""); n += 1; marks.append("$\(n)")
                                }
                                tuples.append("(" + marks.joined(separator: ", ") + ")")
                            }
                            try await conn.execute(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(list)) VALUES \(tuples.joined(separator: ", "))",
                                                                 binds: binds), logger: logger)
                            progress(table, sum.rows)
                        } while cursor != nil
                        try await conn.execute(PostgresQuery(unsafeSQL: "ALTER TABLE \(table) ENABLE TRIGGER USER"), logger: logger)
                        if types["id"] == "bigint", try await conn.scalar(PostgresQuery(unsafeSQL:
                            "SELECT pg_get_serial_sequence('\(table)', 'id')"), as: String.self, logger: logger) != nil {
                            try await conn.execute(PostgresQuery(unsafeSQL: """
                                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)
                                """), logger: logger)
                        }
                        sums.append((table, sum, columns))
                    }
                    try await conn.execute("COMMIT", logger: logger)
                    return sums
                } catch {
                    try? await conn.execute("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
        var report: [(table: String, source: TableChecksum, target: TableChecksum)] = []
        for (table, sourceSum, columns) in copied {
            var back = TableChecksum()
            var cursor: String? = nil
            repeat {
                let page = try await tablePage(table, columns: columns, cursor: cursor, limit: 2000)
                page.rows.forEach { back.add($0) }
                cursor = page.next
            } while cursor != nil
            report.append((table, sourceSum, back))
        }
        return StoreCopyReport(tables: report)
    }

    private static func bind(_ v: StoreValue, as type: String, into binds: inout PostgresBindings, column: String) throws {
        switch (v, type) {
        case (.null, _): binds.appendNull()
        case (.integer(let i), "boolean"): binds.append(i != 0)
        case (.integer(let i), "bigint"), (.integer(let i), "integer"): binds.append(i)
        case (.integer(let i), "text"): binds.append(String(i))
        case (.real(let d), "bigint"): binds.append(Int64(d))
        case (.text(let t), "text"): binds.append(t)
        case (.text(let t), "bigint"):
            guard let i = Int64(t) else { throw StoreUnusable("\(column) holds text where a number belongs (edited outside Loket?)") }
            binds.append(i)
        default: throw StoreUnusable("\(column) holds a value of the wrong type for \(type) (edited outside Loket?)")
        }
    }

    /// A cell as the SQLite store would hold it (flags as 0/1), so checksums compare.
    private static func value(_ cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }

    private static func known(_ table: String) throws -> String {
        guard StoreTables.all.contains(table) else { throw StoreUnusable("'\(table)' is not a table of a Loket store") }
        return table
    }
}

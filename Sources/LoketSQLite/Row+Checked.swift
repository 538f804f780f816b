import GRDB

/// A stored value that is not of the type Loket writes in its column (the file was edited outside Loket).
/// It names the column, never the value: values are customer data. ``SQLiteStore`` reports it as
/// `StoreUnusable` (exit 65) instead of GRDB's subscripts trapping with the row printed on stderr.
struct WrongColumnType: Error, CustomStringConvertible {
    /// The result column, as the query names it.
    var column: String
    /// The table it comes from, when the decoder knows (see ``inTable(_:_:)``).
    var table: String?
    /// The right type, but a value Loket does not know (a state, role or status written by something else).
    var unknownValue = false

    var description: String {
        "\(unknownValue ? "an unknown value" : "a value of the wrong type") in column \(table.map { "\($0)." } ?? "")\(column)"
    }

    /// Runs a decoder, naming `table` in a ``WrongColumnType`` it throws (an inner decoder's table wins).
    @inline(__always)
    static func inTable<T>(_ table: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var e as WrongColumnType {
            if e.table == nil { e.table = table }
            throw e
        }
    }
}

/// Checked decoding: every row read in this module goes through these instead of GRDB's `row["x"]` /
/// `row[i]` subscripts, which trap on a value of the wrong type.
///
/// `let id: Int64 = try row.value("id")`; ask for an Optional (`let at: Int64? = try row.value("at")`)
/// where the column may be NULL (or absent from the query).
extension Row {
    @inline(__always)
    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(_ column: String) throws -> T {
        do { return try decode(T.self, forColumn: column) } catch is RowDecodingError { throw WrongColumnType(column: column) }
    }

    @inline(__always)
    func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
        do { return try decode(T.self, forColumn: column) } catch is RowDecodingError { throw WrongColumnType(column: column) }
    }

    /// By position (no name lookup): the hot decoders.
    @inline(__always)
    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int) throws -> T {
        do { return try decode(T.self, atIndex: index) } catch is RowDecodingError { throw WrongColumnType(column: columnName(at: index)) }
    }

    @inline(__always)
    func value<T: DatabaseValueConvertible>(_ index: Int) throws -> T {
        do { return try decode(T.self, atIndex: index) } catch is RowDecodingError { throw WrongColumnType(column: columnName(at: index)) }
    }

    /// A stored state, role, status or kind: a value Loket does not know is an error naming the column,
    /// never a silent default (an unknown audit action must not read as a claim).
    @inline(__always)
    func known<E: RawRepresentable>(_ column: String) throws -> E where E.RawValue == String {
        let raw: String = try value(column)
        guard let known = E(rawValue: raw) else { throw WrongColumnType(column: column, unknownValue: true) }
        return known
    }

    @inline(__always)
    func known<E: RawRepresentable>(_ index: Int) throws -> E where E.RawValue == String {
        let raw: String = try value(index)
        guard let known = E(rawValue: raw) else { throw WrongColumnType(column: columnName(at: index), unknownValue: true) }
        return known
    }

    private func columnName(at index: Int) -> String {
        let names = Array(columnNames)
        return names.indices.contains(index) ? names[index] : "#\(index)"
    }
}

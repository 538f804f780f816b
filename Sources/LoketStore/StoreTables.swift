/// One stored value as both backends hold it, for copying a store table by table (`loket migrate --to`).
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// The tables a Loket store holds, in an order that satisfies their references (parents first).
public enum StoreTables {
    public static let all = [
        "business", "gateway", "agents", "customers", "customer_labels", "conversations", "conversation_reads", "messages",
        "media", "outbox", "early_statuses", "audit", "templates", "announcements", "announcement_recipients", "presence",
        "changes", "spend_buckets", "platform_notices", "canned_replies", "reactions", "drafts", "message_revisions",
    ]
}

/// A store read table by table, in pages (the source of `loket migrate --to`).
public protocol StoreTableSource: Sendable {
    /// The table's columns, in the order pages give their values.
    func tableColumns(_ table: String) async throws -> [String]
    /// How many rows the table holds.
    func tableCount(_ table: String) async throws -> Int
    /// Rows after the page that ended with `cursor` (nil: from the first), at most `limit`, and the cursor to go on
    /// from (nil after the last page).
    func tablePage(_ table: String, columns: [String], cursor: String?, limit: Int) async throws -> (rows: [[StoreValue]], next: String?)
}

/// An order-independent checksum of a table's rows (two 64-bit sums of each row's FNV-1a hashes, with different
/// seeds), so two stores compare whatever order each reads its rows in.
public struct TableChecksum: Sendable, Equatable, CustomStringConvertible {
    private var first: UInt64 = 0
    private var second: UInt64 = 0
    public private(set) var rows = 0

    public init() {}

    public mutating func add(_ row: [StoreValue]) {
        first &+= Self.hash(row, seed: 0xcbf2_9ce4_8422_2325)
        second &+= Self.hash(row, seed: 0x8422_2325_cbf2_9ce4)
        rows += 1
    }

    public mutating func add(_ other: TableChecksum) {
        first &+= other.first; second &+= other.second; rows += other.rows
    }

    public var description: String {
        [first, second].map { let h = String($0, radix: 16); return String(repeating: "0", count: 16 - h.count) + h }.joined()
    }

    private static func hash(_ row: [StoreValue], seed: UInt64) -> UInt64 {
        var h = seed
        func mix(_ bytes: some Sequence<UInt8>) { for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        for v in row {
            switch v {
            case .null: mix([0])
            case .integer(let i): mix([1]); mix(String(i).utf8)
            case .real(let d): mix([2]); mix(String(d).utf8)
            case .text(let t): mix([3]); mix(String(t.utf8.count).utf8); mix([0x3a]); mix(t.utf8)
            }
            mix([0xff])
        }
        return h
    }
}

/// What a copy found, per table, read back from each store independently.
public struct StoreCopyReport: Sendable {
    public var tables: [(table: String, source: TableChecksum, target: TableChecksum)]
    public init(tables: [(table: String, source: TableChecksum, target: TableChecksum)]) { self.tables = tables }
    /// Every table's rows and checksum agree.
    public var exact: Bool { tables.allSatisfy { $0.source == $0.target } }
}

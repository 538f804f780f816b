import PostgresNIO

/// One row of a change-feed read: the statement's snapshot (`xmin:xmax:xip,…`) and a change, absent when there is none.
struct FeedRow: Sendable {
    var snapshot: String
    var xid: String?
    var id: Int64?
    var kind: String?
    var conversationID: Int64?
    var messageID: Int64?

    /// A row of ``FeedRead`` or ``FeedReadTransaction``, checked as every row is (``PostgresRow``).
    init(_ cells: PostgresNIO.PostgresRow) throws {
        let row = PostgresRow(cells)
        snapshot = try row.value(0)
        xid = try row.optional(1, String.self)
        id = try row.optional(2, Int64.self)
        kind = try row.optional(3, String.self)
        conversationID = try row.optional(4, Int64.self)
        messageID = try row.optional(5, Int64.self)
    }
}

/// The feed's read, prepared once per connection: the changes of transactions a ``FeedHorizon`` may still have to
/// read that have committed, with the snapshot they were read in (one statement: the same snapshot).
struct FeedRead: PostgresPreparedStatement {
    static let sql = """
        SELECT s::text, c.xid::text, c.id, c.kind, c.conversation_id, c.message_id
        FROM pg_current_snapshot() s
        LEFT JOIN changes c ON c.xid >= $1::text::xid8 OR c.xid = ANY($2::text::xid8[])
        ORDER BY c.xid, c.id LIMIT $3
        """
    typealias Row = FeedRow
    var horizon: FeedHorizon
    var limit: Int

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings()
        b.append(String(horizon.floor))
        b.append("{" + horizon.pending.map(String.init).joined(separator: ",") + "}")
        b.append(Int64(limit))
        return b
    }

    func decodeRow(_ row: PostgresNIO.PostgresRow) throws -> FeedRow { try FeedRow(row) }
}

/// All the changes of one transaction (a page too small for it reads it whole).
struct FeedReadTransaction: PostgresPreparedStatement {
    static let sql = """
        SELECT pg_current_snapshot()::text, xid::text, id, kind, conversation_id, message_id FROM changes WHERE xid = $1::text::xid8 ORDER BY id
        """
    typealias Row = FeedRow
    var xid: UInt64

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings()
        b.append(String(xid))
        return b
    }

    func decodeRow(_ row: PostgresNIO.PostgresRow) throws -> FeedRow { try FeedRow(row) }
}

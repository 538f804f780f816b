import Foundation
import LoketDomain
import LoketStore

/// Column lists and row decoders shared by the PostgreSQL store's queries (the SQLite backend's `Rows`).
enum PGRows {
    static let customerColumns = """
    cu.id AS cu_id, cu.wa_id, cu.user_id, cu.profile_name, cu.calling_code, cu.country, cu.opted_in, cu.opted_out,
    (SELECT string_agg(label, ',') FROM customer_labels l WHERE l.customer_id = cu.id) AS labels
    """

    static let conversationColumns = """
    c.id, c.state, c.assignee, c.last_inbound_at, c.waiting_since, c.last_message_at, c.last_message_preview,
    c.last_message_direction, c.inbound_seq, c.created_at
    """

    /// Positions in a row selected with ``conversationColumns``, ``customerColumns``, then `unread`.
    enum At {
        static let id = 0, state = 1, assignee = 2, lastInboundAt = 3, waitingSince = 4, lastMessageAt = 5, preview = 6,
                   direction = 7, createdAt = 9
        static let customerID = 10, waID = 11, userID = 12, profileName = 13, callingCode = 14, country = 15,
                   optedIn = 16, optedOut = 17, labels = 18, unread = 19
    }

    static func customer(_ row: PostgresRow) throws -> Customer {
        let wa: String? = try row.value(At.waID)
        let labels: String? = try row.value(At.labels)
        return try Customer(
            id: row.value(At.customerID), phone: wa.map(PhoneNumber.init(trustedDigits:)), userID: row.value(At.userID),
            profileName: row.value(At.profileName), callingCode: row.value(At.callingCode), country: row.value(At.country),
            optedIn: row.value(At.optedIn), optedOut: row.value(At.optedOut),
            labels: labels.map { $0.split(separator: ",").map(String.init).sorted() } ?? [])
    }

    /// A conversation row selected with ``conversationColumns``, ``customerColumns`` and an `unread` column (bigint).
    static func conversation(_ row: PostgresRow) throws -> ConversationSummary {
        let customer = try customer(row)
        let direction: String? = try row.value(At.direction)
        let unread: Int64? = try row.value(At.unread)
        return try ConversationSummary(
            id: row.value(At.id), customer: customer,
            state: row.known(At.state),
            assignee: row.value(At.assignee),
            lastInboundAt: (row.value(At.lastInboundAt) as Int64?).date,
            waitingSince: (row.value(At.waitingSince) as Int64?).date,
            lastMessageAt: (row.value(At.lastMessageAt) as Int64?).date,
            lastMessagePreview: row.value(At.preview),
            lastMessageDirection: direction.flatMap(MessageDirection.init(rawValue:)),
            unread: Int(max(0, unread ?? 0)),
            createdAt: Date(millis: row.value(At.createdAt)))
    }

    static let messageColumns = """
    m.id, m.conversation_id, m.direction, m.type, m.body, m.wamid, m.status, m.error_code, m.error_title, m.agent,
    m.reply_to, m.payload, m.template_name, m.price_market, m.price_category, m.price_micros, m.created_at, m.updated_at
    """

    /// Decodes a row selected with ``messageColumns`` first.
    static func message(_ row: PostgresRow, currency: String) throws -> Message {
        var price: MessagePrice?
        if let micros: Int64 = try row.value(15), let market: String = try row.value(13),
           let cat: String = try row.value(14), let category = PricingCategory(rawValue: cat) {
            price = MessagePrice(market: market, category: category, cost: Money(micros: micros, currency: currency))
        }
        let code: Int64? = try row.value(7)
        return try Message(
            id: row.value(0), conversationID: row.value(1),
            direction: row.known(2),
            kind: MessageKind(rawValue: row.value(3)), body: row.value(4), wamid: row.value(5),
            status: row.known(6),
            errorCode: code.map { Int($0) }, errorTitle: row.value(8), agent: row.value(9),
            replyTo: row.value(10), payload: row.value(11), templateName: row.value(12), price: price,
            createdAt: Date(millis: row.value(16)), updatedAt: Date(millis: row.value(17)))
    }

    static func messageRecord(_ row: PostgresRow, currency: String) throws -> MessageRecord {
        let message = try message(row, currency: currency)
        let wa: String? = try row.value("wa_id")
        let user: String? = try row.value("user_id")
        let name: String? = try row.value("profile_name")
        return MessageRecord(message: message, customer: wa ?? user ?? "", customerName: name ?? "")
    }
}

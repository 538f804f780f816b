import Foundation
import GRDB
import LoketDomain
import LoketStore

/// Column lists and row decoders shared by the store's queries.
enum Rows {
    static let customerColumns = """
    cu.id AS cu_id, cu.wa_id, cu.user_id, cu.profile_name, cu.calling_code, cu.country, cu.opted_in, cu.opted_out,
    (SELECT group_concat(label, ',') FROM customer_labels l WHERE l.customer_id = cu.id) AS labels
    """

    static let conversationColumns = """
    c.id, c.state, c.assignee, c.last_inbound_at, c.waiting_since, c.last_message_at, c.last_message_preview,
    c.last_message_direction, c.inbound_seq, c.created_at
    """

    static func customer(_ row: Row) -> Customer {
        let wa: String? = row["wa_id"]
        let labels: String? = row["labels"]
        return Customer(
            id: row["cu_id"], phone: wa.map(PhoneNumber.init(trustedDigits:)), userID: row["user_id"],
            profileName: row["profile_name"], callingCode: row["calling_code"], country: row["country"],
            optedIn: row["opted_in"], optedOut: row["opted_out"],
            labels: labels.map { $0.split(separator: ",").map(String.init).sorted() } ?? [])
    }

    /// A conversation row selected with ``conversationColumns``, ``customerColumns`` and an `unread` column.
    static func conversation(_ row: Row) -> ConversationSummary {
        let direction: String? = row["last_message_direction"]
        return ConversationSummary(
            id: row["id"], customer: customer(row),
            state: ConversationState(rawValue: row["state"]) ?? .waiting,
            assignee: row["assignee"],
            lastInboundAt: (row["last_inbound_at"] as Int64?).date,
            waitingSince: (row["waiting_since"] as Int64?).date,
            lastMessageAt: (row["last_message_at"] as Int64?).date,
            lastMessagePreview: row["last_message_preview"],
            lastMessageDirection: direction.flatMap(MessageDirection.init(rawValue:)),
            unread: max(0, row["unread"] ?? 0),
            createdAt: Date(millis: row["created_at"]))
    }

    static let messageColumns = """
    m.id, m.conversation_id, m.direction, m.type, m.body, m.wamid, m.status, m.error_code, m.error_title, m.agent,
    m.reply_to, m.payload, m.template_name, m.price_market, m.price_category, m.price_micros, m.created_at, m.updated_at
    """

    /// Decodes a row selected with ``messageColumns`` first, by position (name lookups are case-insensitive
    /// string compares, measurable when a conversation opens).
    static func message(_ row: Row, currency: String) -> Message {
        var price: MessagePrice?
        if let micros: Int64 = row[15], let market: String = row[13],
           let cat: String = row[14], let category = PricingCategory(rawValue: cat) {
            price = MessagePrice(market: market, category: category, cost: Money(micros: micros, currency: currency))
        }
        return Message(
            id: row[0], conversationID: row[1],
            direction: MessageDirection(rawValue: row[2]) ?? .system,
            kind: MessageKind(rawValue: row[3]), body: row[4], wamid: row[5],
            status: MessageStatus(rawValue: row[6]) ?? .received,
            errorCode: row[7], errorTitle: row[8], agent: row[9],
            replyTo: row[10], payload: row[11], templateName: row[12], price: price,
            createdAt: Date(millis: row[16]), updatedAt: Date(millis: row[17]))
    }

    static func messageRecord(_ row: Row, currency: String) -> MessageRecord {
        let wa: String? = row["wa_id"]
        let user: String? = row["user_id"]
        return MessageRecord(message: message(row, currency: currency), customer: wa ?? user ?? "",
                             customerName: row["profile_name"] ?? "")
    }
}

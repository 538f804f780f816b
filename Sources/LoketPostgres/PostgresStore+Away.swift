public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func sendAwayMessage(_ conversation: Int64, text: String, closedSince: Date) async throws -> Message? {
        let body = try MessageLimits.validateText(text)
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await write { conn -> Message? in
            guard let row = try await conn.row("""
                SELECT cu.id, cu.opted_out, cu.away_sent_at,
                       (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'out'
                          AND m.agent IS NOT NULL AND m.agent <> \(OptOutKeywords.automaticSender)) AS replied_at
                FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = \(conversation)
                """, logger: logger) else {
                throw NotFound("no conversation {1}", conversation)
            }
            let customerID: Int64 = try row.value(0)
            let optedOut: Bool = try row.value(1)
            let sentAt: Int64? = try row.value(2), repliedAt: Int64? = try row.value(3)
            let facts = try await PGWrites.facts(conn, conversationID: conversation, logger: logger)
            guard AwayMessage.shouldSend(closedSince: closedSince, lastSentAt: sentAt.date, lastReplyAt: repliedAt.date, optedOut: optedOut,
                                         windowOpen: facts.window.isOpen(at: now)) else { return nil }
            // Sent by no agent: the wait goes on (the SLA keeps counting business time) and nothing is claimed.
            let messageID = try await PGWrites.insertMessage(conn, .init(
                conversationID: conversation, direction: .outbound, kind: .text, body: body, status: .queued,
                agent: OptOutKeywords.automaticSender, at: now), logger: logger)
            try await PGWrites.enqueue(conn, messageID: messageID, customerID: customerID, kind: "text", at: now, logger: logger)
            try await conn.execute("UPDATE customers SET away_sent_at = \(now.millis) WHERE id = \(customerID)", logger: logger)
            guard let message = try await conn.row("SELECT \(unescaped: PGRows.messageColumns) FROM messages m WHERE m.id = \(messageID)",
                                                   logger: logger) else { throw NotFound("no message \(messageID)") }
            return try PGRows.message(message, currency: currency)
        }
    }
}

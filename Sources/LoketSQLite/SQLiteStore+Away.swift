public import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func sendAwayMessage(_ conversation: Int64, text: String, closedSince: Date) async throws -> Message? {
        let body = try MessageLimits.validateText(text)
        let now = clock()
        let currency = self.currency
        return try await write { db in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT cu.id, cu.opted_out, cu.away_sent_at,
                       (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'out'
                          AND m.agent IS NOT NULL AND m.agent <> :auto) AS replied_at
                FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = :id
                """), arguments: ["id": conversation, "auto": OptOutKeywords.automaticSender]) else {
                throw NotFound("no conversation {1}", conversation)
            }
            let customerID: Int64 = try row.value(0)
            let facts = try Writes.facts(db, conversationID: conversation)
            guard AwayMessage.shouldSend(closedSince: closedSince, lastSentAt: (try row.value(2) as Int64?).date,
                                         lastReplyAt: (try row.value(3) as Int64?).date, optedOut: try row.value(1),
                                         windowOpen: facts.window.isOpen(at: now)) else { return nil }
            // Sent by no agent: the wait goes on (the SLA keeps counting business time) and nothing is claimed.
            let messageID = try Writes.insertMessage(db, .init(
                conversationID: conversation, direction: .outbound, kind: .text, body: body, status: .queued,
                agent: OptOutKeywords.automaticSender, at: now))
            try Writes.enqueue(db, messageID: messageID, customerID: customerID, kind: "text", at: now)
            try db.cachedStatement(sql: "UPDATE customers SET away_sent_at = ? WHERE id = ?").execute(arguments: [now.millis, customerID])
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }
}

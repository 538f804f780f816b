import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    /// Who reacted as a customer (agents react under their login).
    static let customerReactor = "customer"

    /// Records (or, with an empty emoji, removes) a customer's reaction; the reacted-to message's conversation is
    /// told through the feed so consoles redraw it. Nothing else changes.
    static func storeReaction(_ c: PostgresConnection, _ m: InboundMessage, logger: Logger) async throws {
        guard let target = m.replyTo, !target.isEmpty else { return }
        let emoji = m.body.hasPrefix("[reaction] ") ? String(m.body.dropFirst("[reaction] ".count)) : ""
        if emoji.isEmpty {
            try await c.execute("DELETE FROM reactions WHERE target_wamid = \(target) AND reactor = \(customerReactor)", logger: logger)
        } else {
            try await c.execute("""
                INSERT INTO reactions (target_wamid, reactor, emoji, at) VALUES (\(target), \(customerReactor), \(emoji), \(m.timestamp.millis))
                ON CONFLICT (target_wamid, reactor) DO UPDATE SET emoji = excluded.emoji, at = excluded.at WHERE excluded.at >= reactions.at
                """, logger: logger)
        }
        if let row = try await c.row("SELECT id, conversation_id FROM messages WHERE wamid = \(target)", logger: logger) {
            let id: Int64 = try row.value("id"), conversation: Int64 = try row.value("conversation_id")
            try await c.execute("INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', \(conversation), \(id))",
                                logger: logger)
        }
    }

    /// Reactions on the messages with these wamids.
    static func reactions(_ c: PostgresConnection, wamids: [String], logger: Logger) async throws -> [String: [Reaction]] {
        guard !wamids.isEmpty else { return [:] }
        var out: [String: [Reaction]] = [:]
        for row in try await c.rows("""
            SELECT target_wamid, reactor, emoji, at FROM reactions WHERE target_wamid = ANY(\(wamids)) ORDER BY at, reactor COLLATE "C"
            """, logger: logger) {
            let target: String = try row.value("target_wamid")
            let at: Int64 = try row.value("at")
            out[target, default: []].append(Reaction(emoji: try row.value("emoji"), from: try row.value("reactor"), at: Date(millis: at)))
        }
        return out
    }

    /// An agent reacts on a message of the conversation (or, with "", takes the business's reaction back):
    /// recorded at once and queued for WhatsApp, which keeps one reaction per sender: the business's latest.
    public func react(_ ref: ConversationRef, to wamid: String, emoji: String, by agent: String) async throws {
        let emoji = try ReactionEmoji.validate(emoji)
        let now = clock()
        let logger = self.logger
        try await write { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            let actor = try await PGWrites.actor(conn, login: agent, logger: logger)
            let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
            try ConversationRules.react(facts, by: actor, at: now)
            guard let target = try await conn.row("""
                SELECT m.id, c.customer_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.wamid = \(wamid) AND m.conversation_id = \(id) AND m.direction IN ('in', 'out')
                """, logger: logger) else {
                throw NotFound("no message {1} in this conversation", wamid)
            }
            let messageID: Int64 = try target.value("id"), customerID: Int64 = try target.value("customer_id")
            // One reaction for the business: an agent's replaces any colleague's.
            try await conn.execute("DELETE FROM reactions WHERE target_wamid = \(wamid) AND reactor <> \(Self.customerReactor)", logger: logger)
            if !emoji.isEmpty {
                try await conn.execute("""
                    INSERT INTO reactions (target_wamid, reactor, emoji, at) VALUES (\(wamid), \(agent), \(emoji), \(now.millis))
                    """, logger: logger)
            }
            try await conn.execute("""
                INSERT INTO outbox (customer_id, kind, read_wamid, reaction_emoji, next_attempt_at, created_at)
                VALUES (\(customerID), 'reaction', \(wamid), \(emoji), \(now.millis), \(now.millis))
                """, logger: logger)
            try await conn.execute("INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', \(id), \(messageID))",
                                   logger: logger)
        }
    }
}

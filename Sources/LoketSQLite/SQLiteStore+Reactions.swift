import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    /// Who reacted as a customer (agents react under their login).
    static let customerReactor = "customer"

    /// Records (or, with an empty emoji, removes) a customer's reaction; the reacted-to message's conversation is
    /// told through the feed so consoles redraw it. Nothing else changes.
    static func storeReaction(_ db: Database, _ m: InboundMessage) throws {
        guard let target = m.replyTo, !target.isEmpty else { return }
        let emoji = m.body.hasPrefix("[reaction] ") ? String(m.body.dropFirst("[reaction] ".count)) : ""
        if emoji.isEmpty {
            try db.execute(sql: "DELETE FROM reactions WHERE target_wamid = ? AND reactor = ?", arguments: [target, customerReactor])
        } else {
            try db.execute(sql: """
                INSERT INTO reactions (target_wamid, reactor, emoji, at) VALUES (?, ?, ?, ?)
                ON CONFLICT (target_wamid, reactor) DO UPDATE SET emoji = excluded.emoji, at = excluded.at WHERE excluded.at >= reactions.at
                """, arguments: [target, customerReactor, emoji, m.timestamp.millis])
        }
        if let row = try Row.fetchOne(db, sql: "SELECT id, conversation_id FROM messages WHERE wamid = ?", arguments: [target]) {
            try db.execute(sql: "INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', ?, ?)",
                           arguments: [try row.value("conversation_id") as Int64, try row.value("id") as Int64])
        }
    }

    /// Reactions on the messages with these wamids.
    static func reactions(_ db: Database, wamids: [String]) throws -> [String: [Reaction]] {
        guard !wamids.isEmpty else { return [:] }
        var out: [String: [Reaction]] = [:]
        for chunk in stride(from: 0, to: wamids.count, by: 500).map({ Array(wamids[$0..<min($0 + 500, wamids.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT target_wamid, reactor, emoji, at FROM reactions WHERE target_wamid IN (\(marks)) ORDER BY at",
                                        arguments: StatementArguments(chunk)) {
                out[try row.value("target_wamid"), default: []].append(
                    Reaction(emoji: try row.value("emoji"), from: try row.value("reactor"), at: Date(millis: try row.value("at"))))
            }
        }
        return out
    }

    /// An agent reacts on a message of the conversation (or, with "", takes the business's reaction back):
    /// recorded at once and queued for WhatsApp, which keeps one reaction per sender: the business's latest.
    public func react(_ ref: ConversationRef, to wamid: String, emoji: String, by agent: String) async throws {
        let emoji = try ReactionEmoji.validate(emoji)
        let now = clock()
        try await write { db in
            let id = try Writes.resolve(db, ref)
            let actor = try Writes.actor(db, login: agent)
            try ConversationRules.react(try Writes.facts(db, conversationID: id), by: actor, at: now)
            guard let target = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT m.id, c.customer_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.wamid = ? AND m.conversation_id = ? AND m.direction IN ('in', 'out')
                """), arguments: [wamid, id]) else {
                throw NotFound("no message {1} in this conversation", wamid)
            }
            // One reaction for the business: an agent's replaces any colleague's.
            try db.execute(sql: "DELETE FROM reactions WHERE target_wamid = ? AND reactor <> ?", arguments: [wamid, Self.customerReactor])
            if !emoji.isEmpty {
                try db.execute(sql: "INSERT INTO reactions (target_wamid, reactor, emoji, at) VALUES (?, ?, ?, ?)",
                               arguments: [wamid, agent, emoji, now.millis])
            }
            try db.execute(sql: """
                INSERT INTO outbox (customer_id, kind, read_wamid, reaction_emoji, next_attempt_at, created_at) VALUES (?, 'reaction', ?, ?, ?, ?)
                """, arguments: [try target.value("customer_id") as Int64, wamid, emoji, now.millis, now.millis])
            try db.execute(sql: "INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', ?, ?)",
                           arguments: [id, try target.value("id") as Int64])
        }
    }
}

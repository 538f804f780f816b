public import Foundation
import Logging
public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    /// Runs one team rule atomically: resolve the conversation and actor, ask the rule, write its transition. The rule's
    /// facts are read under the conversation's row lock (and an agent's workload under their row's), so it runs READ
    /// COMMITTED: under SERIALIZABLE, fifty agents answering beside a stream of webhooks aborted each other on index
    /// pages they never both wrote, and every abort ran the whole transaction again.
    private func act(_ ref: ConversationRef, by login: String, reason: String? = nil, until: Date? = nil,
                     check: @escaping @Sendable (PostgresConnection) async throws -> Void = { _ in },
                     rule: @escaping @Sendable (ConversationFacts, Actor, PostgresConnection, Int64) async throws -> Transition) async throws -> Transition {
        let now = clock()
        let logger = self.logger
        return try await writeLocking { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            let actor = try await PGWrites.actor(conn, login: login, logger: logger)
            try await check(conn)
            let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
            let t = try await rule(facts, actor, conn, id)
            try await PGWrites.apply(conn, t, conversationID: id, previous: facts, actor: login, reason: reason, until: until, at: now,
                                     logger: logger)
            return t
        }
    }

    @discardableResult
    public func claim(_ ref: ConversationRef, by agent: String) async throws -> Transition {
        let logger = self.logger
        return try await act(ref, by: agent) { facts, actor, conn, _ in
            let workload = try await PGWrites.workload(conn, login: actor.login, logger: logger)
            return try ConversationRules.claim(facts, by: actor, workload: workload)
        }
    }

    @discardableResult
    public func assign(_ ref: ConversationRef, to target: String, by agent: String, reason: String?) async throws -> Transition {
        let reason = reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let logger = self.logger
        return try await act(ref, by: agent, reason: reason, check: { conn in
            _ = try await PGWrites.actor(conn, login: target, logger: logger)
        }) { facts, actor, conn, _ in
            var workload: Workload?
            if target == actor.login { workload = try await PGWrites.workload(conn, login: target, logger: logger) }
            return try ConversationRules.assign(facts, to: target, by: actor, workload: workload)
        }
    }

    @discardableResult
    public func setPending(_ ref: ConversationRef, by agent: String, until: Date?) async throws -> Transition {
        let now = clock()
        if let until, until <= now { throw InputError("the time to come back is in the past; give a later one") }
        let logger = self.logger
        let untilMillis = until?.millis
        return try await act(ref, by: agent, until: until) { facts, actor, conn, id in
            let current = try await conn.scalar("SELECT pending_until FROM conversations WHERE id = \(id)", as: Int64.self, logger: logger)
            let t = try ConversationRules.setPending(facts, by: actor, newTime: current != untilMillis)
            try await conn.execute("UPDATE conversations SET pending_until = \(untilMillis) WHERE id = \(id)", logger: logger)
            return t
        }
    }

    /// Several gateways may run it at once: each takes the due conversations no other is waking (SKIP LOCKED), so
    /// each is woken once.
    @discardableResult
    public func wakeDuePending(now: Date) async throws -> [Int64] {
        let logger = self.logger
        return try await write { conn in
            var due: [Int64] = []
            for row in try await conn.rows("""
                SELECT id FROM conversations WHERE pending_until IS NOT NULL AND pending_until <= \(now.millis) AND state = 'pending'
                ORDER BY id FOR UPDATE SKIP LOCKED
                """, logger: logger) {
                let id: Int64 = try row.value(0)
                due.append(id)
            }
            for id in due {
                let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
                try await PGWrites.apply(conn, ConversationRules.wake(facts), conversationID: id, previous: facts, actor: nil, reason: nil,
                                         at: now, logger: logger)
            }
            return due
        }
    }

    @discardableResult
    public func resolve(_ ref: ConversationRef, by agent: String) async throws -> Transition {
        try await act(ref, by: agent) { facts, actor, _, _ in try ConversationRules.resolve(facts, by: actor) }
    }

    @discardableResult
    public func reopen(_ ref: ConversationRef, by agent: String) async throws -> Transition {
        try await act(ref, by: agent) { facts, actor, _, _ in try ConversationRules.reopen(facts, by: actor) }
    }

    public func reply(_ ref: ConversationRef, by agent: String, text: String, replyTo: String?) async throws -> Message {
        let body = try MessageLimits.validateText(text)
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await writeLocking { conn in
            let messageID = try await Self.queueAnswer(conn, ref, by: agent, at: now, outbox: "text", logger: logger) { id in
                try await PGWrites.insertMessage(conn, .init(conversationID: id, direction: .outbound, kind: .text, body: body, status: .queued,
                                                             agent: agent, replyTo: replyTo, at: now), logger: logger)
            }
            return try await Self.fetchMessage(conn, id: messageID, currency: currency, logger: logger)
        }
    }

    public func sendInteractive(_ ref: ConversationRef, by agent: String, message: InteractiveMessage, replyTo: String?) async throws -> Message {
        try message.validate()
        let json = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        let readable = message.readable
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await writeLocking { conn in
            let messageID = try await Self.queueAnswer(conn, ref, by: agent, at: now, outbox: "interactive", logger: logger) { id in
                try await PGWrites.insertMessage(conn, .init(conversationID: id, direction: .outbound, kind: MessageKind(rawValue: "interactive"),
                                                             body: readable, status: .queued, agent: agent, replyTo: replyTo, payload: json,
                                                             at: now), logger: logger)
            }
            return try await Self.fetchMessage(conn, id: messageID, currency: currency, logger: logger)
        }
    }

    /// An agent's answer, queued under the reply rule: `insert` writes its message (given the conversation id), which
    /// then waits in the outbox as `outbox`; the answer ends the customer's wait and the agent has read what they answered.
    /// Everything it decides is read under the conversation's row lock (``PGWrites/facts``), so it runs READ COMMITTED.
    static func queueAnswer(_ c: PostgresConnection, _ ref: ConversationRef, by agent: String, at now: Date, outbox: String,
                            logger: Logger, insert: (Int64) async throws -> Int64) async throws -> Int64 {
        let id = try await PGWrites.resolve(c, ref, logger: logger)
        let actor = try await PGWrites.actor(c, login: agent, logger: logger)
        let facts = try await PGWrites.facts(c, conversationID: id, logger: logger)
        let t = try ConversationRules.reply(facts, by: actor, at: now)
        try await PGWrites.apply(c, t, conversationID: id, previous: facts, actor: agent, reason: nil, at: now, logger: logger)
        try await PGWrites.readReceiptForAnswer(c, by: agent, holder: t.assignee, conversationID: id, at: now, logger: logger)
        let messageID = try await insert(id)
        try await PGWrites.enqueue(c, messageID: messageID, conversationID: id, kind: outbox, at: now, logger: logger)
        try await c.execute("UPDATE conversations SET waiting_since = NULL WHERE id = \(id)", logger: logger)
        try await PGWrites.markRead(c, conversationID: id, agent: agent, logger: logger)
        return messageID
    }

    public func note(_ ref: ConversationRef, by agent: String, text: String) async throws -> Message {
        let body = try MessageLimits.validateText(text)
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await writeLocking { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            let actor = try await PGWrites.actor(conn, login: agent, logger: logger)
            let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
            _ = ConversationRules.note(facts, by: actor)
            let messageID = try await PGWrites.insertMessage(conn, .init(
                conversationID: id, direction: .note, kind: .note, body: body, status: .received, agent: agent, at: now), logger: logger)
            return try await Self.fetchMessage(conn, id: messageID, currency: currency, logger: logger)
        }
    }

    static func fetchMessage(_ c: PostgresConnection, id: Int64, currency: String, logger: Logger) async throws -> Message {
        guard let row = try await c.row("SELECT \(unescaped: PGRows.messageColumns) FROM messages m WHERE m.id = \(id)",
                                        logger: logger) else { throw NotFound("no message \(id)") }
        return try PGRows.message(row, currency: currency)
    }
}

public import Foundation
import GRDB
public import LoketDomain
public import LoketStore

extension SQLiteStore {
    /// Runs one team rule atomically: resolve the conversation and actor, ask the rule, write its transition.
    private func act(_ ref: ConversationRef, by login: String, reason: String? = nil, until: Date? = nil,
                     check: @escaping @Sendable (Database) throws -> Void = { _ in },
                     rule: @escaping @Sendable (ConversationFacts, Actor, Database, Int64) throws -> Transition) async throws -> Transition {
        let now = clock()
        return try await write { db in
            let id = try Writes.resolve(db, ref)
            let actor = try Writes.actor(db, login: login)
            try check(db)
            let facts = try Writes.facts(db, conversationID: id)
            let t = try rule(facts, actor, db, id)
            try Writes.apply(db, t, conversationID: id, previous: facts, actor: login, reason: reason, until: until, at: now)
            return t
        }
    }

    @discardableResult
    public func claim(_ ref: ConversationRef, by agent: String) async throws -> Transition {
        try await act(ref, by: agent) { facts, actor, db, _ in
            try ConversationRules.claim(facts, by: actor, workload: try Writes.workload(db, login: actor.login))
        }
    }

    @discardableResult
    public func assign(_ ref: ConversationRef, to target: String, by agent: String, reason: String?) async throws -> Transition {
        let reason = reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        return try await act(ref, by: agent, reason: reason, check: { db in _ = try Writes.actor(db, login: target) }) { facts, actor, db, _ in
            try ConversationRules.assign(facts, to: target, by: actor,
                                         workload: target == actor.login ? try Writes.workload(db, login: target) : nil)
        }
    }

    @discardableResult
    public func setPending(_ ref: ConversationRef, by agent: String, until: Date?) async throws -> Transition {
        let now = clock()
        if let until, until <= now { throw InputError("the time to come back is in the past; give a later one") }
        return try await act(ref, by: agent, until: until) { facts, actor, db, id in
            let current = try Int64.fetchOne(db.cachedStatement(sql: "SELECT pending_until FROM conversations WHERE id = ?"), arguments: [id])
            let t = try ConversationRules.setPending(facts, by: actor, newTime: current != until?.millis)
            try db.execute(sql: "UPDATE conversations SET pending_until = ? WHERE id = ?", arguments: [until?.millis, id])
            return t
        }
    }

    @discardableResult
    public func wakeDuePending(now: Date) async throws -> [Int64] {
        try await write { db in
            let due = try Int64.fetchAll(db, sql: """
                SELECT id FROM conversations WHERE pending_until IS NOT NULL AND pending_until <= ? AND state = 'pending'
                """, arguments: [now.millis])
            for id in due {
                let facts = try Writes.facts(db, conversationID: id)
                try Writes.apply(db, ConversationRules.wake(facts), conversationID: id, previous: facts, actor: nil, reason: nil, at: now)
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
        return try await write { db in
            let messageID = try Self.queueAnswer(db, ref, by: agent, at: now, outbox: "text") { id in
                try Writes.insertMessage(db, .init(conversationID: id, direction: .outbound, kind: .text, body: body, status: .queued,
                                                   agent: agent, replyTo: replyTo, at: now))
            }
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }

    public func sendInteractive(_ ref: ConversationRef, by agent: String, message: InteractiveMessage, replyTo: String?) async throws -> Message {
        try message.validate()
        let json = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        let now = clock()
        let currency = self.currency
        return try await write { db in
            let messageID = try Self.queueAnswer(db, ref, by: agent, at: now, outbox: "interactive") { id in
                try Writes.insertMessage(db, .init(conversationID: id, direction: .outbound, kind: MessageKind(rawValue: "interactive"),
                                                   body: message.readable, status: .queued, agent: agent, replyTo: replyTo, payload: json,
                                                   at: now))
            }
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }

    /// An agent's answer, queued under the reply rule: `insert` writes its message (given the conversation id), which
    /// then waits in the outbox as `outbox`; the answer ends the customer's wait and the agent has read what they answered.
    static func queueAnswer(_ db: Database, _ ref: ConversationRef, by agent: String, at now: Date, outbox: String,
                            insert: (Int64) throws -> Int64) throws -> Int64 {
        let id = try Writes.resolve(db, ref)
        let actor = try Writes.actor(db, login: agent)
        let facts = try Writes.facts(db, conversationID: id)
        let t = try ConversationRules.reply(facts, by: actor, at: now)
        try Writes.apply(db, t, conversationID: id, previous: facts, actor: agent, reason: nil, at: now)
        try Writes.readReceiptForAnswer(db, by: agent, holder: t.assignee, conversationID: id, at: now)
        let messageID = try insert(id)
        try Writes.enqueue(db, messageID: messageID, conversationID: id, kind: outbox, at: now)
        try db.cachedStatement(sql: "UPDATE conversations SET waiting_since = NULL WHERE id = ?").execute(arguments: [id])
        try Writes.markRead(db, conversationID: id, agent: agent)
        return messageID
    }

    public func note(_ ref: ConversationRef, by agent: String, text: String) async throws -> Message {
        let body = try MessageLimits.validateText(text)
        let now = clock()
        let currency = self.currency
        return try await write { db in
            let id = try Writes.resolve(db, ref)
            let actor = try Writes.actor(db, login: agent)
            _ = ConversationRules.note(try Writes.facts(db, conversationID: id), by: actor)
            let messageID = try Writes.insertMessage(db, .init(
                conversationID: id, direction: .note, kind: .note, body: body, status: .received, agent: agent, at: now))
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }

    static func fetchMessage(_ db: Database, id: Int64, currency: String) throws -> Message {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Rows.messageColumns) FROM messages m WHERE m.id = ?"),
                                         arguments: [id]) else { throw NotFound("no message \(id)") }
        return try Rows.message(row, currency: currency)
    }
}

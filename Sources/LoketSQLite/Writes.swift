import Foundation
import GRDB
import LoketDomain
import LoketStore

/// The store's building blocks, run inside a caller's transaction. Every message goes through
/// ``insertMessage`` so the full-text index and the conversation's summary never drift from the messages.
enum Writes {
    struct NewMessage {
        var conversationID: Int64
        var direction: MessageDirection
        var kind: MessageKind
        var body: String
        var wamid: String? = nil
        var status: MessageStatus
        var agent: String? = nil
        var replyTo: String? = nil
        var payload: String? = nil
        var templateName: String? = nil
        var templateCategory: String? = nil
        var announcementID: Int64? = nil
        var at: Date
    }

    /// Inserts a message and its full-text entry; with `updateSummary`, also the conversation's last-message columns.
    @discardableResult
    static func insertMessage(_ db: Database, _ m: NewMessage, updateSummary: Bool = true) throws -> Int64 {
        let at = m.at.millis
        try db.cachedStatement(sql: """
            INSERT INTO messages (conversation_id, direction, type, body, wamid, status, agent, reply_to, payload,
                                  template_name, template_category, announcement_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [m.conversationID, m.direction.rawValue, m.kind.rawValue, m.body, m.wamid,
                                     m.status.rawValue, m.agent, m.replyTo, m.payload, m.templateName, m.templateCategory,
                                     m.announcementID, at, at])
        let id = db.lastInsertedRowID
        // The change feed (other consoles, the gateway); see Schema.v3 for why this is not a trigger.
        try db.cachedStatement(sql: "INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', ?, ?)")
            .execute(arguments: [m.conversationID, id])
        try db.cachedStatement(sql: "INSERT INTO messages_fts (rowid, body) VALUES (?, ?)")
            .execute(arguments: [id, SearchText.indexable(m.body)])
        if updateSummary && (m.direction == .inbound || m.direction == .outbound) {
            // A template (an announcement, say) does not answer a waiting customer: while they wait, the queue
            // keeps showing what they asked.
            try db.cachedStatement(sql: """
                UPDATE conversations SET last_message_id = ?, last_message_at = ?, last_message_preview = ?,
                       last_message_direction = ?, updated_at = ?
                WHERE id = ? AND (last_message_at IS NULL OR last_message_at <= ?) AND (? = 0 OR waiting_since IS NULL)
                """).execute(arguments: [id, at, preview(m.body), m.direction.rawValue, at, m.conversationID, at,
                                         m.direction == .outbound && m.templateName != nil ? 1 : 0])
        }
        return id
    }

    /// Puts a queued message in the outbox, due now, for the gateway to send.
    static func enqueue(_ db: Database, messageID: Int64, customerID: Int64, kind: String, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (message_id, customer_id, kind, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [messageID, customerID, kind, at.millis, at.millis])
    }

    /// ``enqueue(_:messageID:customerID:kind:at:)`` for a conversation's customer, looked up in the same statement.
    static func enqueue(_ db: Database, messageID: Int64, conversationID: Int64, kind: String, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (message_id, customer_id, kind, next_attempt_at, created_at)
            SELECT ?, customer_id, ?, ?, ? FROM conversations WHERE id = ?
            """).execute(arguments: [messageID, kind, at.millis, at.millis, conversationID])
    }

    /// One line of text for the queue (``MessagePreview``).
    static func preview(_ body: String) -> String { MessagePreview.of(body) }

    static func customerID(_ db: Database, key: CustomerKey) throws -> Int64? {
        switch key {
        case .phone(let p): return try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM customers WHERE wa_id = ?"), arguments: [p.digits])
        case .userID(let u): return try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM customers WHERE user_id = ?"), arguments: [u])
        }
    }

    /// Finds or creates the customer; a new customer who wrote to us is opted in.
    static func customer(_ db: Database, key: CustomerKey, profileName: String?, optInSource: String?,
                         callingCodes: CallingCodes?, at: Date) throws -> Int64 {
        if let id = try customerID(db, key: key) {
            if let name = profileName, !name.isEmpty {
                try db.cachedStatement(sql: "UPDATE customers SET profile_name = ? WHERE id = ? AND profile_name IS NOT ?").execute(
                               arguments: [name, id, name])
            }
            return id
        }
        var wa: String?, user: String?, code: String?, country: String?
        switch key {
        case .phone(let p):
            wa = p.digits
            if let entry = callingCodes?.lookup(p) { code = entry.prefix; country = entry.iso2 }
        case .userID(let u):
            user = u
        }
        let optedIn = optInSource != nil
        try db.cachedStatement(sql: """
            INSERT INTO customers (wa_id, user_id, profile_name, calling_code, country, opted_in, opt_in_at, opt_in_source, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [wa, user, profileName ?? "", code, country, optedIn, optedIn ? at.millis : nil, optInSource, at.millis])
        return db.lastInsertedRowID
    }

    /// The customer's one conversation, created `waiting` on first contact.
    static func conversation(_ db: Database, customerID: Int64, at: Date) throws -> Int64 {
        if let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM conversations WHERE customer_id = ?"), arguments: [customerID]) {
            return id
        }
        try db.cachedStatement(sql: """
            INSERT INTO conversations (customer_id, state, created_at, updated_at) VALUES (?, 'waiting', ?, ?)
            """).execute(arguments: [customerID, at.millis, at.millis])
        return db.lastInsertedRowID
    }

    static func resolve(_ db: Database, _ ref: ConversationRef) throws -> Int64 {
        switch ref {
        case .id(let id):
            if try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM conversations WHERE id = ?"), arguments: [id]) == true { return id }
            throw NotFound("no conversation {1}; list them with loket conversations", id)
        case .customer(let p):
            if let id = try Int64.fetchOne(try db.cachedStatement(sql: """
                SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = ?
                """), arguments: [p.digits]) { return id }
            throw NotFound("no conversation with {1}; list them with loket conversations", p.e164)
        }
    }

    static func facts(_ db: Database, conversationID: Int64) throws -> ConversationFacts {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT state, assignee, last_inbound_at FROM conversations WHERE id = ?"),
                                         arguments: [conversationID]) else {
            throw NotFound("no conversation {1}", conversationID)
        }
        return try WrongColumnType.inTable("conversations") {
            try ConversationFacts(state: ConversationState(rawValue: row.value("state")) ?? .waiting, assignee: row.value("assignee"),
                                  window: CustomerServiceWindow(lastInboundAt: (row.value("last_inbound_at") as Int64?).date))
        }
    }

    static func actor(_ db: Database, login: String) throws -> Actor {
        guard let role = try String.fetchOne(try db.cachedStatement(sql: "SELECT role FROM agents WHERE login = ?"), arguments: [login]) else {
            throw NotFound("no agent '{1}'; add one with: loket agent add {2} --name NAME", login, login)
        }
        guard let known = Role(rawValue: role) else {
            throw StoreUnusable("agent '\(login)' has role '\(role)', which this Loket does not know; fix it with loket agent set-role")
        }
        return Actor(login: login, role: known)
    }

    /// Open and pending chats `login` holds, and their capacity.
    static func workload(_ db: Database, login: String) throws -> Workload {
        let open = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM conversations WHERE assignee = ? AND state IN ('open', 'pending')
            """), arguments: [login]) ?? 0
        let capacity = try Int.fetchOne(db.cachedStatement(sql: "SELECT capacity FROM agents WHERE login = ?"), arguments: [login]) ?? 0
        return Workload(open: open, capacity: capacity)
    }

    static func audit(_ db: Database, action: AuditAction, actor: String?, conversationID: Int64?, from: String? = nil,
                      to: String? = nil, reason: String? = nil, detail: String? = nil, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, action, actor, conversation_id, from_agent, to_agent, reason, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [at.millis, action.rawValue, actor, conversationID, from, to, reason, detail])
    }

    /// Writes an accepted transition: the conversation row, the audit entry and the inline system line.
    static func apply(_ db: Database, _ t: Transition, conversationID: Int64, previous: ConversationFacts,
                      actor: String?, reason: String?, until: Date? = nil, at: Date) throws {
        guard t.changed else { return }
        try db.cachedStatement(sql: """
            UPDATE conversations SET state = ?, assignee = ?, updated_at = ?,
                   resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END,
                   pending_until = CASE WHEN ? = 'pending' THEN pending_until ELSE NULL END
            WHERE id = ?
            """).execute(arguments: [t.state.rawValue, t.assignee, at.millis, t.state.rawValue, at.millis, t.state.rawValue, conversationID])
        guard let action = t.audit else { return }
        let untilText = until.map { SystemLine.time($0) }
        try audit(db, action: action, actor: actor, conversationID: conversationID, from: previous.assignee,
                  to: t.assignee, reason: reason ?? untilText.map { "until " + SystemLine.english($0) }, at: at)
        let line = SystemLine.phrase(action, actor: actor, from: previous.assignee, to: t.assignee, until: untilText, reason: reason)
        try insertMessage(db, NewMessage(conversationID: conversationID, direction: .system, kind: .system, body: SystemLine.english(line),
                                         status: .received, agent: actor, payload: SystemLine.payload(line), at: at))
    }

    /// An answer (reply, attachment, buttons, template) by the conversation's `holder` tells the customer they were
    /// read: queued before the answer, so the ticks come first.
    static func readReceiptForAnswer(_ db: Database, by agent: String, holder: String?, conversationID: Int64, at now: Date) throws {
        guard ReadReceipts.sends(.replied, by: agent, holder: holder, mode: .onReply) else { return }
        _ = try queueReadReceipt(db, conversationID: conversationID, typing: false, at: now)
    }

    /// Queues a mark-as-read of the customer's latest message at WhatsApp when they wrote something not marked yet
    /// (with `typing`, always: the indicator is what is wanted). True when queued.
    static func queueReadReceipt(_ db: Database, conversationID: Int64, typing: Bool, at now: Date) throws -> Bool {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT c.customer_id, c.inbound_seq, c.receipt_seq,
              (SELECT m.wamid FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.wamid IS NOT NULL
               ORDER BY m.id DESC LIMIT 1) AS wamid
            FROM conversations c WHERE c.id = ?
            """), arguments: [conversationID]), let wamid: String = try row.value("wamid") else { return false }
        let inbound: Int64 = try row.value("inbound_seq"), sent: Int64 = try row.value("receipt_seq")
        guard typing || inbound > sent else { return false }
        try db.cachedStatement(sql: "UPDATE conversations SET receipt_seq = inbound_seq WHERE id = ?").execute(arguments: [conversationID])
        try db.cachedStatement(sql: """
            INSERT INTO outbox (customer_id, kind, read_wamid, read_typing, next_attempt_at, created_at) VALUES (?, 'mark_read', ?, ?, ?, ?)
            """).execute(arguments: [row.value("customer_id") as Int64, wamid, typing, now.millis, now.millis])
        return true
    }

    /// Marks everything the customer wrote so far as read by `agent`.
    static func markRead(_ db: Database, conversationID: Int64, agent: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO conversation_reads (conversation_id, agent, read_seq)
            SELECT id, ?, inbound_seq FROM conversations WHERE id = ?
            ON CONFLICT (conversation_id, agent) DO UPDATE SET read_seq = excluded.read_seq
              WHERE read_seq IS NOT excluded.read_seq
            """).execute(arguments: [agent, conversationID])
    }
}

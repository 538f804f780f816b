import Foundation
import Logging
import LoketDomain
import LoketStore
import PostgresNIO

/// The store's building blocks on PostgreSQL, run inside a caller's transaction (the SQLite backend's `Writes`,
/// statement for statement). Every message goes through ``insertMessage`` so the search text and the
/// conversation's summary never drift from the messages.
enum PGWrites {
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

    /// Inserts a message with its search text and its change row; with `updateSummary`, also the conversation's
    /// last-message columns.
    @discardableResult
    static func insertMessage(_ c: PostgresConnection, _ m: NewMessage, updateSummary: Bool = true, logger: Logger) async throws -> Int64 {
        let at = m.at.millis
        let search = SearchText.indexable(m.body)
        // The message and its change-feed row in one statement (one round trip).
        guard let id = try await c.scalar("""
            WITH m AS (
              INSERT INTO messages (conversation_id, direction, type, body, wamid, status, agent, reply_to, payload,
                                    template_name, template_category, announcement_id, created_at, updated_at, search_text)
              VALUES (\(m.conversationID), \(m.direction.rawValue), \(m.kind.rawValue), \(m.body), \(m.wamid), \(m.status.rawValue),
                      \(m.agent), \(m.replyTo), \(m.payload), \(m.templateName), \(m.templateCategory), \(m.announcementID), \(at), \(at),
                      \(search))
              RETURNING id, conversation_id),
            feed AS (INSERT INTO changes (kind, conversation_id, message_id) SELECT 'message', conversation_id, id FROM m)
            SELECT id FROM m
            """, as: Int64.self, logger: logger) else { throw StoreUnavailable("PostgreSQL returned no id for a new message") }
        if updateSummary && (m.direction == .inbound || m.direction == .outbound) {
            // A template (an announcement, say) does not answer a waiting customer: while they wait, the queue
            // keeps showing what they asked.
            let templateOut = m.direction == .outbound && m.templateName != nil
            try await c.execute("""
                UPDATE conversations SET last_message_id = \(id), last_message_at = \(at), last_message_preview = \(preview(m.body)),
                       last_message_direction = \(m.direction.rawValue), updated_at = \(at)
                WHERE id = \(m.conversationID) AND (last_message_at IS NULL OR last_message_at <= \(at))
                  AND (NOT \(templateOut) OR waiting_since IS NULL)
                """, logger: logger)
        }
        return id
    }

    /// Puts a queued message in the outbox, due now, for the gateway to send.
    static func enqueue(_ c: PostgresConnection, messageID: Int64, customerID: Int64, kind: String, at: Date, logger: Logger) async throws {
        try await c.execute("""
            INSERT INTO outbox (message_id, customer_id, kind, next_attempt_at, created_at)
            VALUES (\(messageID), \(customerID), \(kind), \(at.millis), \(at.millis))
            """, logger: logger)
    }

    /// ``enqueue(_:messageID:customerID:kind:at:logger:)`` for a conversation's customer, looked up in the same statement.
    static func enqueue(_ c: PostgresConnection, messageID: Int64, conversationID: Int64, kind: String, at: Date, logger: Logger) async throws {
        try await c.execute("""
            INSERT INTO outbox (message_id, customer_id, kind, next_attempt_at, created_at)
            SELECT \(messageID), customer_id, \(kind), \(at.millis), \(at.millis) FROM conversations WHERE id = \(conversationID)
            """, logger: logger)
    }

    /// One line of text for the queue (``MessagePreview``).
    static func preview(_ body: String) -> String { MessagePreview.of(body) }

    static func customerID(_ c: PostgresConnection, key: CustomerKey, logger: Logger) async throws -> Int64? {
        switch key {
        case .phone(let p): return try await c.scalar("SELECT id FROM customers WHERE wa_id = \(p.digits)", logger: logger)
        case .userID(let u): return try await c.scalar("SELECT id FROM customers WHERE user_id = \(u)", logger: logger)
        }
    }

    /// Finds or creates the customer; a new customer who wrote to us is opted in.
    static func customer(_ c: PostgresConnection, key: CustomerKey, profileName: String?, optInSource: String?,
                         callingCodes: CallingCodes?, at: Date, logger: Logger) async throws -> Int64 {
        if let id = try await customerID(c, key: key, logger: logger) {
            if let name = profileName, !name.isEmpty {
                try await c.execute("UPDATE customers SET profile_name = \(name) WHERE id = \(id) AND profile_name IS DISTINCT FROM \(name)",
                                    logger: logger)
            }
            return id
        }
        var insert = insertCustomer(key: key, profileName: profileName, optInSource: optInSource, callingCodes: callingCodes, at: at)
        insert.sql += " RETURNING id"
        guard let id = try await c.scalar(insert, as: Int64.self, logger: logger) else {
            throw StoreUnavailable("PostgreSQL returned no id for a new customer")
        }
        return id
    }

    /// A customer not stored yet (the caller looked, under its locks) and their conversation, created `waiting`: one
    /// statement. A customer another writer added meanwhile makes it a conflict (the unique number), and the
    /// transaction runs again.
    static func newCustomer(_ c: PostgresConnection, key: CustomerKey, profileName: String?, optInSource: String?,
                            callingCodes: CallingCodes?, at: Date, logger: Logger) async throws -> (customer: Int64, conversation: Int64) {
        let insert = insertCustomer(key: key, profileName: profileName, optInSource: optInSource, callingCodes: callingCodes, at: at)
        var binds = insert.binds
        binds.append(at.millis)
        let created = "$\(binds.count)"
        guard let row = try await c.row(PostgresQuery(unsafeSQL: """
            WITH cu AS (\(insert.sql) RETURNING id)
            INSERT INTO conversations (customer_id, state, created_at, updated_at) SELECT id, 'waiting', \(created), \(created) FROM cu
            RETURNING customer_id, id
            """, binds: binds), logger: logger) else { throw StoreUnavailable("PostgreSQL returned no id for a new customer") }
        return (try row.value(0), try row.value(1))
    }

    /// `INSERT INTO customers …` of a new customer: number (with its calling code and country) or user id, name, and
    /// opted in when `optInSource` says why.
    private static func insertCustomer(key: CustomerKey, profileName: String?, optInSource: String?, callingCodes: CallingCodes?,
                                       at: Date) -> PostgresQuery {
        var wa: String?, user: String?, code: String?, country: String?
        switch key {
        case .phone(let p):
            wa = p.digits
            if let entry = callingCodes?.lookup(p) { code = entry.prefix; country = entry.iso2 }
        case .userID(let u):
            user = u
        }
        let optedIn = optInSource != nil
        let optInAt: Int64? = optedIn ? at.millis : nil
        return """
            INSERT INTO customers (wa_id, user_id, profile_name, calling_code, country, opted_in, opt_in_at, opt_in_source, created_at)
            VALUES (\(wa), \(user), \(profileName ?? ""), \(code), \(country), \(optedIn), \(optInAt), \(optInSource), \(at.millis))
            """
    }

    /// The customer's one conversation, created `waiting` on first contact.
    static func conversation(_ c: PostgresConnection, customerID: Int64, at: Date, logger: Logger) async throws -> Int64 {
        if let id = try await c.scalar("SELECT id FROM conversations WHERE customer_id = \(customerID)", as: Int64.self, logger: logger) {
            return id
        }
        guard let id = try await c.scalar("""
            INSERT INTO conversations (customer_id, state, created_at, updated_at) VALUES (\(customerID), 'waiting', \(at.millis), \(at.millis))
            RETURNING id
            """, as: Int64.self, logger: logger) else { throw StoreUnavailable("PostgreSQL returned no id for a new conversation") }
        return id
    }

    static func resolve(_ c: PostgresConnection, _ ref: ConversationRef, logger: Logger) async throws -> Int64 {
        switch ref {
        case .id(let id):
            if try await c.scalar("SELECT id FROM conversations WHERE id = \(id)", as: Int64.self, logger: logger) != nil { return id }
            throw NotFound("no conversation {1}; list them with loket conversations", id)
        case .customer(let p):
            if let id = try await c.scalar("""
                SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = \(p.digits)
                """, as: Int64.self, logger: logger) { return id }
            throw NotFound("no conversation with {1}; list them with loket conversations", p.e164)
        }
    }

    /// The facts a rule decides on, with the conversation's row locked until the transaction ends: whatever the
    /// transaction's isolation, no other writer changes them before the rule's transition is written (a READ COMMITTED
    /// transaction that waited for the lock reads them as the other left them).
    static func facts(_ c: PostgresConnection, conversationID: Int64, logger: Logger) async throws -> ConversationFacts {
        guard let row = try await c.row("""
            SELECT state, assignee, last_inbound_at FROM conversations WHERE id = \(conversationID) FOR NO KEY UPDATE
            """, logger: logger) else {
            throw NotFound("no conversation {1}", conversationID)
        }
        return try ConversationFacts(state: ConversationState(rawValue: row.value(0)) ?? .waiting, assignee: row.value(1),
                                     window: CustomerServiceWindow(lastInboundAt: (row.value(2) as Int64?).date))
    }

    static func actor(_ c: PostgresConnection, login: String, logger: Logger) async throws -> Actor {
        guard let role = try await c.scalar("SELECT role FROM agents WHERE login = \(login)", as: String.self, logger: logger) else {
            throw NotFound("no agent '{1}'; add one with: loket agent add {2} --name NAME", login, login)
        }
        guard let known = Role(rawValue: role) else {
            throw StoreUnusable("agent '\(login)' has role '\(role)', which this Loket does not know; fix it with loket agent set-role")
        }
        return Actor(login: login, role: known)
    }

    /// Open and pending chats `login` holds, and their capacity. The agent's workload lock is taken first and the chats
    /// counted after it, so two transactions that would each take the agent's last free place count one after the other
    /// (auto-assignment takes its candidates' locks the same way).
    static func workload(_ c: PostgresConnection, login: String, logger: Logger) async throws -> Workload {
        try await c.execute("SELECT pg_advisory_xact_lock(\(workloadLock), hashtext(\(login)))", logger: logger)
        let capacity = try await c.scalar("SELECT capacity FROM agents WHERE login = \(login)", as: Int.self, logger: logger) ?? 0
        let open = try await c.scalar("""
            SELECT count(*) FROM conversations WHERE assignee = \(login) AND state IN ('open', 'pending')
            """, as: Int.self, logger: logger) ?? 0
        return Workload(open: open, capacity: capacity)
    }

    /// The advisory-lock namespace of agents' workloads (with `hashtext(login)`), held until the transaction ends: an
    /// agent's role may not lock rows of `agents` (it cannot update them), and any role may take an advisory lock.
    static let workloadLock: Int32 = 7212423

    static func audit(_ c: PostgresConnection, action: AuditAction, actor: String?, conversationID: Int64?, from: String? = nil,
                      to: String? = nil, reason: String? = nil, detail: String? = nil, at: Date, logger: Logger) async throws {
        try await c.execute("""
            INSERT INTO audit (at, action, actor, conversation_id, from_agent, to_agent, reason, detail)
            VALUES (\(at.millis), \(action.rawValue), \(actor), \(conversationID), \(from), \(to), \(reason), \(detail))
            """, logger: logger)
    }

    /// Writes an accepted transition: the conversation row, the audit entry and the inline system line.
    static func apply(_ c: PostgresConnection, _ t: Transition, conversationID: Int64, previous: ConversationFacts,
                      actor: String?, reason: String?, until: Date? = nil, at: Date, logger: Logger) async throws {
        guard t.changed else { return }
        try await c.execute("""
            UPDATE conversations SET state = \(t.state.rawValue), assignee = \(t.assignee), updated_at = \(at.millis),
                   resolved_at = CASE WHEN \(t.state.rawValue) = 'resolved' THEN \(at.millis) ELSE resolved_at END,
                   pending_until = CASE WHEN \(t.state.rawValue) = 'pending' THEN pending_until ELSE NULL END
            WHERE id = \(conversationID)
            """, logger: logger)
        guard let action = t.audit else { return }
        let untilText = until.map { SystemLine.time($0) }
        try await audit(c, action: action, actor: actor, conversationID: conversationID, from: previous.assignee,
                        to: t.assignee, reason: reason ?? untilText.map { "until " + SystemLine.english($0) }, at: at, logger: logger)
        let line = SystemLine.phrase(action, actor: actor, from: previous.assignee, to: t.assignee, until: untilText, reason: reason)
        try await insertMessage(c, NewMessage(conversationID: conversationID, direction: .system, kind: .system,
                                              body: SystemLine.english(line), status: .received, agent: actor,
                                              payload: SystemLine.payload(line), at: at), logger: logger)
    }

    /// An answer (reply, attachment, buttons, template) by the conversation's `holder` tells the customer they were
    /// read: queued before the answer, so the ticks come first.
    static func readReceiptForAnswer(_ c: PostgresConnection, by agent: String, holder: String?, conversationID: Int64, at now: Date,
                                     logger: Logger) async throws {
        guard ReadReceipts.sends(.replied, by: agent, holder: holder, mode: .onReply) else { return }
        _ = try await queueReadReceipt(c, conversationID: conversationID, typing: false, at: now, logger: logger)
    }

    /// Queues a mark-as-read of the customer's latest message at WhatsApp when they wrote something not marked yet
    /// (with `typing`, always). True when queued.
    static func queueReadReceipt(_ c: PostgresConnection, conversationID: Int64, typing: Bool, at now: Date, logger: Logger) async throws -> Bool {
        guard let row = try await c.row("""
            SELECT c.customer_id, c.inbound_seq, c.receipt_seq,
              (SELECT m.wamid FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.wamid IS NOT NULL
               ORDER BY m.id DESC LIMIT 1) AS wamid
            FROM conversations c WHERE c.id = \(conversationID)
            """, logger: logger), let wamid: String = try row.value(3) else { return false }
        let customer: Int64 = try row.value(0), inbound: Int64 = try row.value(1), sent: Int64 = try row.value(2)
        guard typing || inbound > sent else { return false }
        try await c.execute("UPDATE conversations SET receipt_seq = inbound_seq WHERE id = \(conversationID)", logger: logger)
        try await c.execute("""
            INSERT INTO outbox (customer_id, kind, read_wamid, read_typing, next_attempt_at, created_at)
            VALUES (\(customer), 'mark_read', \(wamid), \(typing), \(now.millis), \(now.millis))
            """, logger: logger)
        return true
    }

    /// Marks everything the customer wrote so far as read by `agent`.
    static func markRead(_ c: PostgresConnection, conversationID: Int64, agent: String, logger: Logger) async throws {
        try await c.execute("""
            INSERT INTO conversation_reads (conversation_id, agent, read_seq)
            SELECT id, \(agent), inbound_seq FROM conversations WHERE id = \(conversationID)
            ON CONFLICT (conversation_id, agent) DO UPDATE SET read_seq = excluded.read_seq
              WHERE conversation_reads.read_seq IS DISTINCT FROM excluded.read_seq
            """, logger: logger)
    }
}

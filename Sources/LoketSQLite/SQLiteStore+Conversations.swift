import Foundation
import GRDB
public import LoketDomain
public import LoketStore

extension SQLiteStore {
    var currency: String { rateCard?.currency ?? "USD" }

    /// SELECT … FROM conversations c JOIN customers cu, with the asking agent's unread count.
    static let conversationSelect = """
    SELECT \(Rows.conversationColumns), \(Rows.customerColumns),
           c.inbound_seq - COALESCE((SELECT r.read_seq FROM conversation_reads r
                                     WHERE r.conversation_id = c.id AND r.agent = :agent), 0) AS unread
    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
    """

    public func queue(_ tab: QueueTab, for agent: String, limit: Int, label: String?) async throws -> [ConversationSummary] {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        return try await read { db in
            let labelled = label == nil ? "" : " AND \(Self.hasLabel)"
            let sql: String
            switch tab {
            case .waiting:
                sql = "\(Self.conversationSelect) WHERE c.state = 'waiting'\(labelled) ORDER BY c.waiting_since, c.id LIMIT :limit"
            case .mine:
                sql = """
                \(Self.conversationSelect) WHERE c.assignee = :agent AND c.state IN ('open', 'pending')\(labelled)
                ORDER BY c.state = 'pending', c.waiting_since IS NULL, c.waiting_since, c.last_message_at DESC LIMIT :limit
                """
            case .all:
                sql = "\(Self.conversationSelect) WHERE 1\(labelled) ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit"
            }
            var args: [String: (any DatabaseValueConvertible)?] = ["agent": agent, "limit": limit]
            if let label { args["label"] = label }
            return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: StatementArguments(args)).map(Rows.conversation)
        }
    }

    /// The customer of `cu`/`c` has the label `:label`.
    static let hasLabel = "EXISTS (SELECT 1 FROM customer_labels l WHERE l.customer_id = c.customer_id AND l.label = :label)"

    public func heldConversations(by agent: String) async throws -> Set<Int64> {
        try await read { db in
            Set(try Int64.fetchAll(try db.cachedStatement(sql: """
                SELECT id FROM conversations WHERE assignee = ? AND state IN ('open', 'pending')
                """), arguments: [agent]))
        }
    }

    public func queueCounts(for agent: String, label: String?) async throws -> (waiting: Int, mine: Int, all: Int) {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        return try await read { db in
            guard let label else {
                let waiting = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM conversations WHERE state = 'waiting'")) ?? 0
                let mine = try Int.fetchOne(try db.cachedStatement(sql: """
                    SELECT count(*) FROM conversations WHERE assignee = ? AND state IN ('open', 'pending')
                    """), arguments: [agent]) ?? 0
                let all = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM conversations")) ?? 0
                return (waiting, mine, all)
            }
            let row = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT count(*) FILTER (WHERE c.state = 'waiting') AS waiting,
                       count(*) FILTER (WHERE c.assignee = :agent AND c.state IN ('open', 'pending')) AS mine,
                       count(*) AS all_
                FROM customer_labels l JOIN conversations c ON c.customer_id = l.customer_id WHERE l.label = :label
                """), arguments: ["agent": agent, "label": label])
            return (row?["waiting"] ?? 0, row?["mine"] ?? 0, row?["all_"] ?? 0)
        }
    }

    public func conversations(state: ConversationState?, label: String?, for agent: String?) async throws -> [ConversationSummary] {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        return try await read { db in
            var sql = Self.conversationSelect
            var args: [String: (any DatabaseValueConvertible)?] = ["agent": agent ?? ""]
            var conditions: [String] = []
            if let s = state { conditions.append("c.state = :state"); args["state"] = s.rawValue }
            if let l = label {
                conditions.append(Self.hasLabel)
                args["label"] = l
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY c.last_message_at DESC, c.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Rows.conversation)
        }
    }

    public func conversation(_ ref: ConversationRef, for agent: String?) async throws -> ConversationSummary {
        try await read { db in
            let id = try Writes.resolve(db, ref)
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: "\(Self.conversationSelect) WHERE c.id = :id"),
                                             arguments: ["agent": agent ?? "", "id": id]) else {
                throw NotFound("no \(ref)")
            }
            return try Rows.conversation(row)
        }
    }

    public func messages(in conversation: Int64, before: Int64?, limit: Int) async throws -> [Message] {
        let currency = self.currency
        return try await read { db in
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT \(Rows.messageColumns) FROM messages m
                WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?
                """), arguments: [conversation, before ?? Int64.max, limit])
            var page = try rows.reversed().map { try Rows.message($0, currency: currency) }
            // Reactions on this page's messages, in one read.
            let reactions = try Self.reactions(db, wamids: page.compactMap(\.wamid))
            if !reactions.isEmpty {
                for i in page.indices { if let w = page[i].wamid, let r = reactions[w] { page[i].reactions = r } }
            }
            try Self.attachMedia(db, to: &page)
            try Self.attachRevisions(db, to: &page)
            return page
        }
    }

    /// Marks what the customer wrote as read by `agent` in Loket; the customer sees nothing of it (docs/SPEC.md §9).
    public func markRead(conversation: Int64, by agent: String) async throws {
        try await write { db in try Writes.markRead(db, conversationID: conversation, agent: agent) }
    }

    public func sendReadReceipt(conversation: Int64, by agent: String, trigger: ReadReceiptTrigger, mode: ReadReceiptMode) async throws -> Bool {
        let now = clock()
        return try await write { db in
            let facts = try Writes.facts(db, conversationID: conversation)
            if trigger == .markReadKey { try ReadReceipts.markRead(facts, by: try Writes.actor(db, login: agent)) }
            guard ReadReceipts.sends(trigger, by: agent, holder: facts.assignee, mode: mode) else { return false }
            if trigger != .typing { try Writes.markRead(db, conversationID: conversation, agent: agent) }
            return try Writes.queueReadReceipt(db, conversationID: conversation, typing: trigger == .typing, at: now)
        }
    }

    /// Words in messages (prefixes; CJK substrings), customers' names and numbers (local or international
    /// form), newest first. A customer found by name or number is shown by their newest message.
    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        let fts = SearchText.ftsQuery(query)
        let digits = SearchText.numberDigits(query)
        let name = query.trimmingCharacters(in: .whitespaces)
        guard fts != nil || digits != nil else { return [] }
        let currency = self.currency
        return try await read { db in
            var ids: [Int64] = []
            if let fts {
                ids += try Int64.fetchAll(db, sql: "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                                          arguments: [fts, limit])
            }
            // Customers by name or number: their conversation's newest message.
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if name.count >= 2, fts != nil {
                conditions.append("cu.profile_name LIKE ? ESCAPE '\\'")
                _ = arguments.append(contentsOf: ["%" + Self.likeEscaped(name) + "%"])
            }
            if let digits {
                conditions.append("cu.wa_id LIKE ?")
                _ = arguments.append(contentsOf: ["%" + digits + "%"])
            }
            if !conditions.isEmpty {
                _ = arguments.append(contentsOf: [limit])
                ids += try Int64.fetchAll(db, sql: """
                    SELECT (SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = c.id AND m.direction IN ('in', 'out'))
                    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                    WHERE \(conditions.joined(separator: " OR ")) LIMIT ?
                    """, arguments: arguments)
            }
            let newest = Array(Set(ids)).sorted(by: >).prefix(limit)
            guard !newest.isEmpty else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT \(Rows.messageColumns), cu.wa_id, cu.user_id, cu.profile_name
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
                WHERE m.id IN (\(newest.map(String.init).joined(separator: ",")))
                ORDER BY m.id DESC
                """).map { SearchHit(record: try Rows.messageRecord($0, currency: currency)) }
        }
    }

    /// `text` with LIKE's wildcards taken literally.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    public func audit(conversation: Int64?, limit: Int, by: String) async throws -> [AuditEntry] {
        try await read { db in
            try TeamRules.readAudit(by: try Writes.actor(db, login: by))
            let rows: [Row]
            if let c = conversation {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [c, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return try rows.map { row in
                try WrongColumnType.inTable("audit") {
                    let word: String = try row.value("action")
                    // An action this Loket does not know is not shown as something else (a claim, say).
                    guard let action = AuditAction(rawValue: word) else {
                        throw StoreUnusable("audit entry \(try row.value("id") as Int64) has action '\(word)', which this Loket does not know; upgrade loket")
                    }
                    return try AuditEntry(id: row.value("id"), at: Date(millis: row.value("at")),
                                   action: action, actor: row.value("actor"),
                                   conversationID: row.value("conversation_id"), fromAgent: row.value("from_agent"),
                                   toAgent: row.value("to_agent"), reason: row.value("reason"), detail: row.value("detail"))
                }
            }
        }
    }
}

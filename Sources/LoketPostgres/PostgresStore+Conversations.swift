import Foundation
import Logging
public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    /// The columns of a conversation row (``PGRows/conversationColumns``, ``PGRows/customerColumns``); every query
    /// selecting them adds the asking agent's `unread` count (bound per query) and joins `conversations c` to `customers cu`.
    static let conversationSelectColumns = "\(PGRows.conversationColumns), \(PGRows.customerColumns)"

    public func queue(_ tab: QueueTab, for agent: String, limit: Int, label: String?) async throws -> [ConversationSummary] {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        let logger = self.logger
        return try await read { conn in
            let rows: [PostgresRow]
            switch tab {
            case .waiting:
                rows = try await conn.rows("""
                    SELECT \(unescaped: Self.conversationSelectColumns),
                           c.inbound_seq - coalesce((SELECT r.read_seq FROM conversation_reads r
                                                     WHERE r.conversation_id = c.id AND r.agent = \(agent)), 0) AS unread
                    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                    WHERE c.state = 'waiting'
                      AND (\(label)::text IS NULL OR EXISTS (SELECT 1 FROM customer_labels l
                                                             WHERE l.customer_id = c.customer_id AND l.label = \(label)::text))
                    ORDER BY c.waiting_since NULLS FIRST, c.id LIMIT \(limit)
                    """, logger: logger)
            case .mine:
                rows = try await conn.rows("""
                    SELECT \(unescaped: Self.conversationSelectColumns),
                           c.inbound_seq - coalesce((SELECT r.read_seq FROM conversation_reads r
                                                     WHERE r.conversation_id = c.id AND r.agent = \(agent)), 0) AS unread
                    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                    WHERE c.assignee = \(agent) AND c.state IN ('open', 'pending')
                      AND (\(label)::text IS NULL OR EXISTS (SELECT 1 FROM customer_labels l
                                                             WHERE l.customer_id = c.customer_id AND l.label = \(label)::text))
                    ORDER BY c.state = 'pending', c.waiting_since IS NULL, c.waiting_since, c.last_message_at DESC NULLS LAST
                    LIMIT \(limit)
                    """, logger: logger)
            case .all:
                rows = try await conn.rows("""
                    SELECT \(unescaped: Self.conversationSelectColumns),
                           c.inbound_seq - coalesce((SELECT r.read_seq FROM conversation_reads r
                                                     WHERE r.conversation_id = c.id AND r.agent = \(agent)), 0) AS unread
                    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                    WHERE (\(label)::text IS NULL OR EXISTS (SELECT 1 FROM customer_labels l
                                                             WHERE l.customer_id = c.customer_id AND l.label = \(label)::text))
                    ORDER BY c.last_message_at DESC NULLS LAST, c.id DESC LIMIT \(limit)
                    """, logger: logger)
            }
            return try rows.map(PGRows.conversation)
        }
    }

    public func heldConversations(by agent: String) async throws -> Set<Int64> {
        let logger = self.logger
        return try await read { conn in
            var out: Set<Int64> = []
            for row in try await conn.rows("""
                SELECT id FROM conversations WHERE assignee = \(agent) AND state IN ('open', 'pending')
                """, logger: logger) {
                let id: Int64 = try row.value(0)
                out.insert(id)
            }
            return out
        }
    }

    public func queueCounts(for agent: String, label: String?) async throws -> (waiting: Int, mine: Int, all: Int) {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        let logger = self.logger
        let counts: [Int] = try await read { conn in
            guard let label else {
                let waiting = try await conn.scalar("SELECT count(*) FROM conversations WHERE state = 'waiting'", as: Int.self,
                                                    logger: logger) ?? 0
                let mine = try await conn.scalar("""
                    SELECT count(*) FROM conversations WHERE assignee = \(agent) AND state IN ('open', 'pending')
                    """, as: Int.self, logger: logger) ?? 0
                let all = try await conn.scalar("SELECT count(*) FROM conversations", as: Int.self, logger: logger) ?? 0
                return [waiting, mine, all]
            }
            guard let row = try await conn.row("""
                SELECT count(*) FILTER (WHERE c.state = 'waiting') AS waiting,
                       count(*) FILTER (WHERE c.assignee = \(agent) AND c.state IN ('open', 'pending')) AS mine,
                       count(*) AS all_
                FROM customer_labels l JOIN conversations c ON c.customer_id = l.customer_id WHERE l.label = \(label)
                """, logger: logger) else { return [0, 0, 0] }
            let waiting: Int? = try row.value("waiting")
            let mine: Int? = try row.value("mine")
            let all: Int? = try row.value("all_")
            return [waiting ?? 0, mine ?? 0, all ?? 0]
        }
        return (counts[0], counts[1], counts[2])
    }

    public func conversations(state: ConversationState?, label: String?, for agent: String?) async throws -> [ConversationSummary] {
        let label = try label.map { l throws(InputError) in try LabelName.validate(l) }
        let agent = agent ?? ""
        let state = state?.rawValue
        let logger = self.logger
        return try await read { conn in
            try await conn.rows("""
                SELECT \(unescaped: Self.conversationSelectColumns),
                       c.inbound_seq - coalesce((SELECT r.read_seq FROM conversation_reads r
                                                 WHERE r.conversation_id = c.id AND r.agent = \(agent)), 0) AS unread
                FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                WHERE (\(state)::text IS NULL OR c.state = \(state)::text)
                  AND (\(label)::text IS NULL OR EXISTS (SELECT 1 FROM customer_labels l
                                                         WHERE l.customer_id = c.customer_id AND l.label = \(label)::text))
                ORDER BY c.last_message_at DESC NULLS LAST, c.id DESC
                """, logger: logger).map(PGRows.conversation)
        }
    }

    /// The conversation row of `id` (``conversationSelectColumns`` and `unread` for `agent`), nil when there is none.
    static func conversationRow(_ c: PostgresConnection, id: Int64, agent: String, logger: Logger) async throws -> PostgresRow? {
        try await c.row("""
            SELECT \(unescaped: Self.conversationSelectColumns),
                   c.inbound_seq - coalesce((SELECT r.read_seq FROM conversation_reads r
                                             WHERE r.conversation_id = c.id AND r.agent = \(agent)), 0) AS unread
            FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE c.id = \(id)
            """, logger: logger)
    }

    public func conversation(_ ref: ConversationRef, for agent: String?) async throws -> ConversationSummary {
        let agent = agent ?? ""
        let logger = self.logger
        return try await read { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            guard let row = try await Self.conversationRow(conn, id: id, agent: agent, logger: logger) else {
                throw NotFound("no \(ref)")
            }
            return try PGRows.conversation(row)
        }
    }

    public func messages(in conversation: Int64, before: Int64?, limit: Int) async throws -> [Message] {
        let currency = self.currency
        let logger = self.logger
        return try await read { conn in
            let rows = try await conn.rows("""
                SELECT \(unescaped: PGRows.messageColumns) FROM messages m
                WHERE m.conversation_id = \(conversation) AND m.id < \(before ?? Int64.max) ORDER BY m.id DESC LIMIT \(limit)
                """, logger: logger)
            var page = try rows.reversed().map { try PGRows.message($0, currency: currency) }
            // Reactions on this page's messages, in one read.
            let reactions = try await Self.reactions(conn, wamids: page.compactMap(\.wamid), logger: logger)
            if !reactions.isEmpty {
                for i in page.indices { if let w = page[i].wamid, let r = reactions[w] { page[i].reactions = r } }
            }
            try await Self.attachMedia(conn, to: &page, logger: logger)
            try await Self.attachRevisions(conn, to: &page, logger: logger)
            return page
        }
    }

    /// Marks what the customer wrote as read by `agent` in Loket; the customer sees nothing of it (docs/SPEC.md §9).
    public func markRead(conversation: Int64, by agent: String) async throws {
        let logger = self.logger
        try await write { conn in try await PGWrites.markRead(conn, conversationID: conversation, agent: agent, logger: logger) }
    }

    public func sendReadReceipt(conversation: Int64, by agent: String, trigger: ReadReceiptTrigger, mode: ReadReceiptMode) async throws -> Bool {
        let now = clock()
        let logger = self.logger
        return try await write { conn in
            let facts = try await PGWrites.facts(conn, conversationID: conversation, logger: logger)
            if trigger == .markReadKey {
                let actor = try await PGWrites.actor(conn, login: agent, logger: logger)
                try ReadReceipts.markRead(facts, by: actor)
            }
            guard ReadReceipts.sends(trigger, by: agent, holder: facts.assignee, mode: mode) else { return false }
            if trigger != .typing { try await PGWrites.markRead(conn, conversationID: conversation, agent: agent, logger: logger) }
            return try await PGWrites.queueReadReceipt(conn, conversationID: conversation, typing: trigger == .typing, at: now, logger: logger)
        }
    }

    /// Words in messages (substrings; CJK substrings), customers' names and numbers (local or international
    /// form), newest first. A customer found by name or number is shown by their newest message.
    ///
    /// The terms are SQLite's (``SearchText/ftsQuery(_:)``), folded as ``SearchText/indexable(_:)`` folds a body,
    /// each matched case-insensitively anywhere in `messages.search_text` (pg_trgm's index), all of them; newest first.
    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        let patterns = Self.searchPatterns(query)
        let digits = SearchText.numberDigits(query)
        let name = query.trimmingCharacters(in: .whitespaces)
        guard !patterns.isEmpty || digits != nil else { return [] }
        // The longest term has the most trigrams: the index looks it up, the others are checked on what it finds.
        let leading = patterns.max { $0.count < $1.count }
        let namePattern: String? = name.count >= 2 && !patterns.isEmpty ? "%" + Self.likeEscaped(name) + "%" : nil
        let numberPattern: String? = digits.map { "%" + $0 + "%" }
        let currency = self.currency
        let logger = self.logger
        return try await read { conn in
            var ids: [Int64] = []
            if let leading {
                for row in try await conn.rows("""
                    SELECT m.id FROM messages m WHERE m.search_text ILIKE \(leading) AND m.search_text ILIKE ALL(\(patterns))
                    ORDER BY m.id DESC LIMIT \(limit)
                    """, logger: logger) {
                    let id: Int64 = try row.value(0)
                    ids.append(id)
                }
            }
            // Customers by name or number: their conversation's newest message.
            if namePattern != nil || numberPattern != nil {
                for row in try await conn.rows("""
                    SELECT (SELECT max(m.id) FROM messages m WHERE m.conversation_id = c.id AND m.direction IN ('in', 'out'))
                    FROM conversations c JOIN customers cu ON cu.id = c.customer_id
                    WHERE cu.profile_name ILIKE \(namePattern)::text OR cu.wa_id LIKE \(numberPattern)::text LIMIT \(limit)
                    """, logger: logger) {
                    let id: Int64? = try row.value(0)
                    if let id { ids.append(id) }
                }
            }
            let newest = Array(Array(Set(ids)).sorted(by: >).prefix(limit))
            guard !newest.isEmpty else { return [] }
            return try await conn.rows("""
                SELECT \(unescaped: PGRows.messageColumns), cu.wa_id, cu.user_id, cu.profile_name
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
                WHERE m.id = ANY(\(newest))
                ORDER BY m.id DESC
                """, logger: logger).map { SearchHit(record: try PGRows.messageRecord($0, currency: currency)) }
        }
    }

    /// LIKE patterns (`%term%`) for every term of `query` as ``SearchText/ftsQuery(_:)`` makes them (read back from
    /// its quoted terms), each folded as ``SearchText/indexable(_:)`` folds a body: a CJK run's characters spaced
    /// apart as in `messages.search_text`. Empty when the query has nothing searchable.
    static func searchPatterns(_ query: String) -> [String] {
        guard let fts = SearchText.ftsQuery(query) else { return [] }
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        let scalars = Array(fts.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if quoted {
                if s == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        current.append(s)
                        i += 2
                        continue
                    }
                    quoted = false
                    terms.append(String(current))
                    current = String.UnicodeScalarView()
                } else {
                    current.append(s)
                }
            } else if s == "\"" {
                quoted = true
            }
            // Outside quotes: the prefix mark `*` and the spaces between terms.
            i += 1
        }
        return terms.compactMap { term -> String? in
            let folded: String
            if term.unicodeScalars.contains(where: SearchText.isCJK) {
                // ftsQuery writes a CJK run as a phrase of single characters: the run itself, spaced as indexable spaces it.
                let run = String(String.UnicodeScalarView(term.unicodeScalars.filter { $0 != " " }))
                folded = SearchText.indexable(run).trimmingCharacters(in: .whitespaces)
            } else {
                folded = SearchText.indexable(term)
            }
            return folded.isEmpty ? nil : "%" + likeEscaped(folded) + "%"
        }
    }

    /// `text` with LIKE's wildcards taken literally (PostgreSQL's LIKE escapes with `\` by default).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    public func audit(conversation: Int64?, limit: Int, by: String) async throws -> [AuditEntry] {
        let logger = self.logger
        return try await read { conn in
            let actor = try await PGWrites.actor(conn, login: by, logger: logger)
            try TeamRules.readAudit(by: actor)
            let rows: [PostgresRow]
            if let c = conversation {
                rows = try await conn.rows("""
                    SELECT id, at, action, actor, conversation_id, from_agent, to_agent, reason, detail
                    FROM audit WHERE conversation_id = \(c) ORDER BY id DESC LIMIT \(limit)
                    """, logger: logger)
            } else {
                rows = try await conn.rows("""
                    SELECT id, at, action, actor, conversation_id, from_agent, to_agent, reason, detail
                    FROM audit ORDER BY id DESC LIMIT \(limit)
                    """, logger: logger)
            }
            return try rows.map { row throws -> AuditEntry in
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

import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    @discardableResult
    public func ingest(_ batch: InboundBatch) async throws -> IngestResult {
        let codes = rateCard?.callingCodes
        let card = rateCard
        let now = clock()
        return try await write { db in
            var result = IngestResult()
            let cache = IngestCache()
            // Names of customers who wrote in this batch are set with their message (one statement fewer each).
            let writers = Set(batch.messages.map(\.from))
            for (key, name) in batch.profileNames where !name.isEmpty && !writers.contains(key) {
                if let id = try Writes.customerID(db, key: key) {
                    try db.cachedStatement(sql: "UPDATE customers SET profile_name = ? WHERE id = ? AND profile_name IS NOT ?").execute(
                                   arguments: [name, id, name])
                }
            }
            // Customers who moved to a new number first: what they write from it in this batch finds them.
            for change in batch.numberChanges { try Self.moveCustomer(db, change, codes: codes) }
            // Redeliveries are found with one query per batch rather than one per message.
            var stored = try Self.storedWamids(db, batch.messages.map(\.wamid))
            var wrote: Set<Int64> = []
            try Self.prefetchCustomers(db, batch.messages.map(\.from), into: cache)
            for m in batch.messages {
                // A reaction is not a message: it never reopens, requeues or reorders a conversation.
                if m.kind.rawValue == "reaction" { try Self.storeReaction(db, m); continue }
                // Nor is an edit or a deletion: it changes the message it names, in place.
                if m.kind.rawValue == "edit" || m.kind.rawValue == "revoke" {
                    if try Self.storeRevision(db, m) { result.revisions += 1 } else { result.duplicates += 1 }
                    continue
                }
                guard stored.insert(m.wamid).inserted else { result.duplicates += 1; continue }
                let conversation = try Self.storeInbound(db, m, profileName: m.profileName ?? batch.profileNames[m.from], codes: codes, cache: cache)
                if wrote.insert(conversation).inserted { result.customersWrote.append(conversation) }
                if m.media?.mediaID != nil { result.mediaQueued += 1 }
                result.stored += 1
            }
            // A customer's business-scoped user id, kept beside their number (never taken from another customer).
            for (phone, uid) in batch.userIDs {
                try db.cachedStatement(sql: """
                    UPDATE customers SET user_id = ? WHERE wa_id = ? AND user_id IS NOT ?
                      AND NOT EXISTS (SELECT 1 FROM customers WHERE user_id = ?)
                    """).execute(arguments: [uid, phone.digits, uid, uid])
            }
            for s in batch.statuses {
                if try Self.applyStatus(db, s, rateCard: card, receivedAt: now) { result.statusesApplied += 1 } else { result.statusesIgnored += 1 }
            }
            try Self.applyAccountEvents(db, batch, now: now)
            return result
        }
    }

    /// `user_changed_number`: the customer's record (and so their conversation, history, labels and opt-in)
    /// moves to the new number, and the conversation says so. When the new number has already written as
    /// another customer, both stay and the old conversation tells where they went. Never seen: nothing to move.
    static func moveCustomer(_ db: Database, _ change: NumberChange, codes: CallingCodes?) throws {
        guard let id = try Writes.customerID(db, key: change.from) else { return }
        let old: String? = try String.fetchOne(db, sql: "SELECT wa_id FROM customers WHERE id = ?", arguments: [id])
        if try Writes.customerID(db, key: .phone(change.to)) == nil {
            let entry = codes?.lookup(change.to)
            try db.execute(sql: "UPDATE customers SET wa_id = ?, calling_code = ?, country = ? WHERE id = ?",
                           arguments: [change.to.digits, entry?.prefix, entry?.iso2, id])
        }
        guard let conversation = try Int64.fetchOne(db, sql: "SELECT id FROM conversations WHERE customer_id = ?", arguments: [id]) else { return }
        let line = SystemLine.numberChanged(from: old.map { "+" + $0 } ?? "?", to: change.to.e164)
        try Writes.insertMessage(db, .init(conversationID: conversation, direction: .system, kind: .system, body: SystemLine.english(line),
                                           status: .received, payload: SystemLine.payload(line), at: change.at))
    }

    /// What one ingest transaction already looked up, so a batch of many messages from few customers does
    /// not repeat the same reads and no-op writes.
    final class IngestCache {
        struct Known {
            var customerID: Int64
            var conversationID: Int64
            var facts: ConversationFacts
            var profileName: String?
            /// The customer's flags as this batch has left them.
            var subscription: Subscription
        }
        var byKey: [CustomerKey: Known] = [:]
        /// Known customers of the batch (by wa_id) with their conversation, read in one query.
        var prefetched: [String: Row] = [:]
    }

    static let customerFacts = """
        SELECT cu.id, cu.profile_name, cu.opted_in, cu.opted_out, c.id, c.state, c.assignee, c.last_inbound_at, cu.wa_id
        FROM customers cu LEFT JOIN conversations c ON c.customer_id = cu.id
        """

    /// Reads the batch's known customers (by phone number) at once, instead of one query per message.
    static func prefetchCustomers(_ db: Database, _ keys: [CustomerKey], into cache: IngestCache) throws {
        let numbers = Set(keys.compactMap { key -> String? in if case .phone(let p) = key { p.digits } else { nil } })
        for row in try fetchRows(db, "\(customerFacts) WHERE cu.wa_id IN", Array(numbers)) {
            let wa: String = try row.value(8)
            cache.prefetched[wa] = row
        }
    }

    /// Which of `wamids` are already stored.
    static func storedWamids(_ db: Database, _ wamids: [String]) throws -> Set<String> {
        Set(try fetchRows(db, "SELECT wamid FROM messages WHERE wamid IN", wamids).map { try $0.value(0) as String })
    }

    /// `sql` followed by `(?, ?, …)` for `values`, run 500 values at a time (SQLite's bound-variable limit).
    static func fetchRows(_ db: Database, _ sql: String, _ values: [String]) throws -> [Row] {
        var rows: [Row] = []
        var start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            rows += try Row.fetchAll(db, sql: "\(sql) (\(marks))", arguments: StatementArguments(chunk))
            start += 500
        }
        return rows
    }

    /// Stores one customer message whose wamid is not stored yet.
    /// Stores one new inbound message; returns its conversation.
    static func storeInbound(_ db: Database, _ m: InboundMessage, profileName: String?, codes: CallingCodes?,
                             cache: IngestCache) throws -> Int64 {
        var known: IngestCache.Known
        if var k = cache.byKey[m.from] {
            if let name = profileName, !name.isEmpty, name != k.profileName {
                try db.cachedStatement(sql: "UPDATE customers SET profile_name = ? WHERE id = ?").execute(arguments: [name, k.customerID])
                k.profileName = name
            }
            known = k
        } else if let row = try Self.prefetched(m.from, cache) ?? Row.fetchOne(try db.cachedStatement(sql: """
            \(customerFacts) WHERE cu.wa_id = ? OR cu.user_id = ?
            """), arguments: Self.keyArguments(m.from)), let conversationID = try row.value(4) as Int64? {
            // A known customer: one read for customer, conversation and the facts the rules need.
            let customerID: Int64 = try row.value(0)
            let storedName: String = try row.value(1)
            if let name = profileName, !name.isEmpty, name != storedName {
                try db.cachedStatement(sql: "UPDATE customers SET profile_name = ? WHERE id = ?").execute(arguments: [name, customerID])
            }
            let optedIn: Bool = try row.value(2), optedOut: Bool = try row.value(3)
            known = try IngestCache.Known(
                customerID: customerID, conversationID: conversationID,
                facts: ConversationFacts(state: row.known(5), assignee: row.value(6),
                                         window: CustomerServiceWindow(lastInboundAt: (row.value(7) as Int64?).date)),
                profileName: profileName ?? storedName, subscription: Subscription(optedIn: optedIn, optedOut: optedOut))
        } else {
            let customerID = try Writes.customer(db, key: m.from, profileName: profileName, optInSource: "inbound",
                                                 callingCodes: codes, at: m.timestamp)
            let conversationID = try Writes.conversation(db, customerID: customerID, at: m.timestamp)
            // Writes.customer opts a customer who writes first in (source "inbound").
            known = IngestCache.Known(customerID: customerID, conversationID: conversationID,
                                      facts: try Writes.facts(db, conversationID: conversationID), profileName: profileName,
                                      subscription: Subscription(optedIn: true, optedOut: false))
        }
        let t = ConversationRules.customerWrote(known.facts)
        try Writes.apply(db, t, conversationID: known.conversationID, previous: known.facts, actor: nil, reason: nil, at: m.timestamp)
        known.facts.state = t.state
        known.facts.assignee = t.assignee
        let messageID = try Writes.insertMessage(db, .init(
            conversationID: known.conversationID, direction: .inbound, kind: m.kind, body: m.body, wamid: m.wamid,
            status: .received, replyTo: m.replyTo, payload: m.payload, at: m.timestamp), updateSummary: false)
        if let media = m.media { try Self.insertMedia(db, messageID: messageID, media, at: m.timestamp) }
        let at = m.timestamp.millis
        try db.cachedStatement(sql: """
            UPDATE conversations SET
              last_inbound_at = MAX(COALESCE(last_inbound_at, 0), :at),
              waiting_since = COALESCE(waiting_since, :at),
              inbound_seq = inbound_seq + 1,
              last_message_id = CASE WHEN last_message_at IS NULL OR last_message_at <= :at THEN :mid ELSE last_message_id END,
              last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= :at THEN :preview ELSE last_message_preview END,
              last_message_direction = CASE WHEN last_message_at IS NULL OR last_message_at <= :at THEN 'in' ELSE last_message_direction END,
              last_message_at = MAX(COALESCE(last_message_at, 0), :at),
              updated_at = :at
            WHERE id = :id
            """).execute(arguments: ["at": at, "id": known.conversationID, "mid": messageID, "preview": Writes.preview(m.body)])
        let lastInbound = max(known.facts.window.lastInboundAt ?? m.timestamp, m.timestamp)
        known.facts.window = CustomerServiceWindow(lastInboundAt: lastInbound)
        let intent = m.kind == .text ? OptOutKeywords.intent(of: m.body) : nil
        let next = known.subscription.after(intent.map(Subscription.Event.asked) ?? .wrote)
        if next != known.subscription {
            try writeSubscription(db, customerID: known.customerID, conversationID: known.conversationID, from: known.subscription,
                                  to: next, source: intent == nil ? "inbound" : "keyword", at: m.timestamp)
            known.subscription = next
            // Told once: a confirmation only when the keyword changed something (inside the window they just opened).
            if let intent {
                let body = OptOutKeywords.confirmation(for: intent)
                let replyID = try Writes.insertMessage(db, .init(
                    conversationID: known.conversationID, direction: .outbound, kind: .text, body: body, status: .queued,
                    agent: OptOutKeywords.automaticSender, replyTo: m.wamid, at: m.timestamp))
                try Writes.enqueue(db, messageID: replyID, customerID: known.customerID, kind: "text", at: m.timestamp)
            }
        }
        cache.byKey[m.from] = known
        return known.conversationID
    }

    static func prefetched(_ key: CustomerKey, _ cache: IngestCache) -> Row? {
        if case .phone(let p) = key { return cache.prefetched[p.digits] }
        return nil
    }

    /// `(wa_id, user_id)` arguments for a customer key (the other one never matches).
    static func keyArguments(_ key: CustomerKey) -> StatementArguments {
        switch key {
        case .phone(let p): return [p.digits, nil]
        case .userID(let u): return [nil, u]
        }
    }

    /// Template status and category changes, marketing preferences, the quality rating and notices.
    static func applyAccountEvents(_ db: Database, _ batch: InboundBatch, now: Date) throws {
        var notices = batch.notices
        for u in batch.templateUpdates {
            var sets: [String] = []
            var args: [(any DatabaseValueConvertible)?] = []
            if let s = u.status { sets.append("status = ?"); args.append(s.uppercased()) }
            if let c = u.category, let cat = PricingCategory(meta: c) { sets.append("category = ?"); args.append(cat.rawValue) }
            if let q = u.quality { sets.append("quality = ?"); args.append(q.uppercased()) }
            guard !sets.isEmpty else { continue }
            sets.append("updated_at = ?"); args.append(now.millis)
            var sql = "UPDATE templates SET \(sets.joined(separator: ", ")) WHERE name = ?"
            args.append(u.name)
            if let l = u.language { sql += " AND language = ?"; args.append(l) }
            try db.execute(sql: sql, arguments: StatementArguments(args))
            // A status for a template Loket has never seen adds it (docs/SPEC.md §9); its text comes with the next
            // `loket templates sync`.
            if db.changesCount == 0, let status = u.status, let language = u.language, !language.isEmpty {
                try db.execute(sql: """
                    INSERT INTO templates (name, language, category, status, components, parameter_format, updated_at, quality)
                    VALUES (?, ?, ?, ?, '[]', 'positional', ?, ?) ON CONFLICT (name, language) DO NOTHING
                    """, arguments: [u.name, language, u.category.flatMap(PricingCategory.init(meta:))?.rawValue ?? PricingCategory.marketing.rawValue,
                                     status.uppercased(), now.millis, u.quality?.uppercased()])
            }
            let what = [u.status.map { "status \($0)" }, u.category.map { "category \($0)" }, u.reason.map { "reason \($0)" },
                        u.quality.map { "quality \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            notices.append("template \(u.name)\(u.language.map { " (\($0))" } ?? ""): \(what)")
        }
        for p in batch.preferenceChanges {
            guard let id = try Writes.customerID(db, key: p.customer) else { continue }
            let conversation = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM conversations WHERE customer_id = ?"),
                                                  arguments: [id])
            guard let flags = try Row.fetchOne(try db.cachedStatement(sql: "SELECT opted_in, opted_out FROM customers WHERE id = ?"),
                                               arguments: [id]) else { continue }
            let now = Subscription(optedIn: try flags.value(0), optedOut: try flags.value(1))
            let next = now.after(.asked(p.optedOut ? .optOut : .optIn))
            if next != now {
                try writeSubscription(db, customerID: id, conversationID: conversation, from: now, to: next, source: "user_preferences",
                                      at: p.timestamp)
            }
        }
        if let rating = batch.qualityRating {
            try db.execute(sql: "UPDATE business SET quality_rating = ?, updated_at = ? WHERE id = 1 AND quality_rating IS NOT ?",
                           arguments: [rating.uppercased(), now.millis, rating.uppercased()])
        }
        // The messaging limit (a tier), kept apart from the quality rating.
        if let limit = batch.messagingLimit {
            try db.execute(sql: "UPDATE business SET account_note = ?, updated_at = ? WHERE id = 1 AND account_note IS NOT ?",
                           arguments: [limit, now.millis, limit])
        }
        try recordNotices(db, notices, at: now)
    }

    /// Writes what ``Subscription`` decided (`to` differs from `from`), with the time and source of the change, and
    /// audits opting in or out (writing to the business opts in silently).
    static func writeSubscription(_ db: Database, customerID: Int64, conversationID: Int64?, from: Subscription, to: Subscription,
                                  source: String, at: Date) throws {
        let optingIn = to.optedIn && !to.optedOut && (!from.optedIn || from.optedOut)
        let optingOut = to.optedOut && !from.optedOut
        try db.cachedStatement(sql: """
            UPDATE customers SET opted_in = ?, opted_out = ?,
                   opt_in_at = CASE WHEN ? THEN ? ELSE opt_in_at END, opt_in_source = CASE WHEN ? THEN ? ELSE opt_in_source END,
                   opt_out_at = CASE WHEN ? THEN ? ELSE opt_out_at END, opt_out_source = CASE WHEN ? THEN ? ELSE opt_out_source END
            WHERE id = ?
            """).execute(arguments: [to.optedIn, to.optedOut, optingIn, at.millis, optingIn, source, optingOut, at.millis, optingOut, source,
                                     customerID])
        if source != "inbound" && (optingIn || optingOut) {
            try Writes.audit(db, action: optingOut ? .optOut : .optIn, actor: nil, conversationID: conversationID, detail: source, at: at)
        }
    }

    /// Applies one status forward-only; false when it changed nothing. Statuses for a wamid we have not
    /// recorded yet (the webhook beat the send's answer) are kept and applied when the wamid arrives.
    static func applyStatus(_ db: Database, _ s: StatusUpdate, rateCard: RateCard?, receivedAt: Date) throws -> Bool {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT m.id, m.status, m.template_category, m.price_micros, m.conversation_id, c.last_inbound_at, cu.wa_id
            FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
            WHERE m.wamid = ?
            """), arguments: [s.wamid]) else {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO early_statuses (wamid, status, at, error_code, error_title, pricing_category, received_at,
                                                      pricing_billable, pricing_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [s.wamid, s.status.rawValue, s.timestamp.millis, s.errorCode, s.errorTitle, s.pricingCategory,
                                         receivedAt.millis, s.pricingBillable, s.pricingType])
            return false
        }
        let id: Int64 = try row.value("id")
        let current: MessageStatus = try row.known("status")
        guard let next = MessageStatus.merge(current: current, incoming: s.status) else { return false }
        // Priced once, when delivered (read implies delivered), as LoketDomain's DeliveredPrice decides: Meta's pricing
        // object first (its category, billable, type), the rate card for what Meta did not say.
        var price: (market: String, category: PricingCategory, cost: Money)?
        let templateCategory = try (row.value("template_category") as String?).flatMap(PricingCategory.init(meta:))
        if (next == .delivered || next == .read), try (row.value("price_micros") as Int64?) == nil,
           let card = rateCard, let wa: String = try row.value("wa_id") {
            let window = try CustomerServiceWindow(lastInboundAt: (row.value("last_inbound_at") as Int64?).date)
            price = DeliveredPrice.decide(meta: s.metaPricing, templateCategory: templateCategory, card: card,
                                          to: PhoneNumber(trustedDigits: wa), windowOpen: window.isOpen(at: s.timestamp))
        }
        // One UPDATE (so one change-feed row) for the status, Meta's category and the price.
        try db.cachedStatement(sql: """
            UPDATE messages SET status = ?, error_code = COALESCE(?, error_code), error_title = COALESCE(?, error_title),
                   updated_at = ?, meta_pricing_category = COALESCE(?, meta_pricing_category),
                   price_market = COALESCE(?, price_market), price_category = COALESCE(?, price_category),
                   price_micros = COALESCE(?, price_micros), priced_at = COALESCE(?, priced_at)
            WHERE id = ?
            """).execute(arguments: [next.rawValue, next == .failed ? s.errorCode : nil, next == .failed ? s.errorTitle : nil,
                             s.timestamp.millis, s.pricingCategory,
                             price?.market, price?.category.rawValue, price?.cost.micros, price.map { _ in s.timestamp.millis }, id])
        if let price {
            try db.cachedStatement(sql: """
                INSERT INTO spend_buckets (bucket, market, category, messages, micros) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (bucket, market, category) DO UPDATE SET messages = messages + 1, micros = micros + excluded.micros
                """).execute(arguments: [s.timestamp.millis / Schema.spendBucketMillis, price.market, price.category.rawValue, price.cost.micros])
        }
        return true
    }
}

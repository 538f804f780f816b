import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

/// Spend is summed in quarter hours (SQLite's `Schema.spendBucketMillis`).
private let ingestSpendBucketMillis: Int64 = 15 * 60 * 1000

extension PostgresStore {
    @discardableResult
    public func ingest(_ batch: InboundBatch) async throws -> IngestResult {
        let codes = rateCard?.callingCodes
        let card = rateCard
        let now = clock()
        let logger = self.logger
        return try await writeLocking { conn in
            var result = IngestResult()
            let cache = IngestCache()
            // Names of customers who wrote in this batch are set with their message (one statement fewer each).
            let writers = Set(batch.messages.map(\.from))
            for (key, name) in batch.profileNames where !name.isEmpty && !writers.contains(key) {
                if let id = try await PGWrites.customerID(conn, key: key, logger: logger) {
                    try await conn.execute("""
                        UPDATE customers SET profile_name = \(name) WHERE id = \(id) AND profile_name IS DISTINCT FROM \(name)
                        """, logger: logger)
                }
            }
            // Customers who moved to a new number first: what they write from it in this batch finds them.
            for change in batch.numberChanges { try await Self.moveCustomer(conn, change, codes: codes, logger: logger) }
            // The batch's known customers and conversations, locked (FOR UPDATE) before anything is decided about them, and
            // its redeliveries: one statement per batch.
            var stored = try await Self.prefetch(conn, batch.messages, into: cache, logger: logger)
            var wrote: Set<Int64> = []
            for m in batch.messages {
                // A reaction is not a message: it never reopens, requeues or reorders a conversation.
                if m.kind.rawValue == "reaction" { try await Self.storeReaction(conn, m, logger: logger); continue }
                // Nor is an edit or a deletion: it changes the message it names, in place.
                if m.kind.rawValue == "edit" || m.kind.rawValue == "revoke" {
                    if try await Self.storeRevision(conn, m, logger: logger) { result.revisions += 1 } else { result.duplicates += 1 }
                    continue
                }
                guard stored.insert(m.wamid).inserted else { result.duplicates += 1; continue }
                let conversation = try await Self.storeInbound(conn, m, profileName: m.profileName ?? batch.profileNames[m.from], codes: codes,
                                                               cache: cache, logger: logger)
                if wrote.insert(conversation).inserted { result.customersWrote.append(conversation) }
                if m.media?.mediaID != nil { result.mediaQueued += 1 }
                result.stored += 1
            }
            // A customer's business-scoped user id, kept beside their number (never taken from another customer).
            for (phone, uid) in batch.userIDs {
                try await conn.execute("""
                    UPDATE customers SET user_id = \(uid) WHERE wa_id = \(phone.digits) AND user_id IS DISTINCT FROM \(uid)
                      AND NOT EXISTS (SELECT 1 FROM customers WHERE user_id = \(uid))
                    """, logger: logger)
            }
            for s in batch.statuses {
                if try await Self.applyStatus(conn, s, rateCard: card, receivedAt: now, logger: logger) {
                    result.statusesApplied += 1
                } else {
                    result.statusesIgnored += 1
                }
            }
            try await Self.applyAccountEvents(conn, batch, now: now, logger: logger)
            return result
        }
    }

    /// Meta's quality rating of the number (from a webhook), kept until the next one.
    public func updateQualityRating(_ rating: String) async throws {
        let now = clock().millis
        let rating = rating.uppercased()
        let logger = self.logger
        try await write { conn in
            try await conn.execute("""
                UPDATE business SET quality_rating = \(rating), updated_at = \(now) WHERE id = 1 AND quality_rating IS DISTINCT FROM \(rating)
                """, logger: logger)
        }
    }

    /// `user_changed_number`: the customer's record (and so their conversation, history, labels and opt-in)
    /// moves to the new number, and the conversation says so. When the new number has already written as
    /// another customer, both stay and the old conversation tells where they went. Never seen: nothing to move.
    static func moveCustomer(_ c: PostgresConnection, _ change: NumberChange, codes: CallingCodes?, logger: Logger) async throws {
        guard let id = try await PGWrites.customerID(c, key: change.from, logger: logger) else { return }
        let old = try await c.scalar("SELECT wa_id FROM customers WHERE id = \(id)", as: String.self, logger: logger)
        if try await PGWrites.customerID(c, key: .phone(change.to), logger: logger) == nil {
            let entry = codes?.lookup(change.to)
            let prefix: String? = entry?.prefix
            let iso2: String? = entry?.iso2
            try await c.execute("""
                UPDATE customers SET wa_id = \(change.to.digits), calling_code = \(prefix), country = \(iso2) WHERE id = \(id)
                """, logger: logger)
        }
        guard let conversation = try await c.scalar("SELECT id FROM conversations WHERE customer_id = \(id)", as: Int64.self,
                                                    logger: logger) else { return }
        let line = SystemLine.numberChanged(from: old.map { "+" + $0 } ?? "?", to: change.to.e164)
        try await PGWrites.insertMessage(c, .init(conversationID: conversation, direction: .system, kind: .system, body: SystemLine.english(line),
                                                  status: .received, payload: SystemLine.payload(line), at: change.at), logger: logger)
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
        var prefetched: [String: PostgresRow] = [:]
        /// The batch's numbers that are customers already (with a conversation or not), read in the same query.
        var storedNumbers: Set<String> = []

        /// Whether `key` is a number the batch's query (``PostgresStore/prefetch``, run before any message is stored)
        /// found no customer for.
        func isNewNumber(_ key: CustomerKey) -> Bool {
            guard case .phone(let p) = key else { return false }
            return !storedNumbers.contains(p.digits)
        }
    }

    /// What the ingest reads of a customer (`cu`) and their conversation (`c`), in the order its rows are decoded:
    /// customer id, profile name, opted in, opted out, conversation id, state, assignee, last inbound, wa_id.
    static let factsColumns = """
        cu.id, cu.profile_name, cu.opted_in, cu.opted_out, c.id AS conversation_id, c.state, c.assignee, c.last_inbound_at, cu.wa_id
        """

    static let customerFacts = "SELECT \(factsColumns) FROM customers cu LEFT JOIN conversations c ON c.customer_id = cu.id"

    /// ``customerFacts`` of customers who have a conversation, to be read `FOR UPDATE OF cu, c`.
    static let lockedFacts = "SELECT \(factsColumns) FROM customers cu JOIN conversations c ON c.customer_id = cu.id"

    /// Reads the batch's known customers (by phone number) at once, locked, instead of one query per message; and which
    /// of its wamids are already stored. One statement: its snapshot may predate the commit of a delivery another
    /// gateway was storing for the same customer (this one waited for its locks), and then that message's unique wamid
    /// refuses the insert and the transaction runs again (``PostgresStore/writeLocking``), finding it stored.
    static func prefetch(_ c: PostgresConnection, _ messages: [InboundMessage], into cache: IngestCache, logger: Logger) async throws -> Set<String> {
        guard !messages.isEmpty else { return [] }
        let numbers = Array(Set(messages.compactMap { m -> String? in if case .phone(let p) = m.from { p.digits } else { nil } }))
        let wamids = messages.map(\.wamid)
        var stored: Set<String> = []
        var rows: [PostgresRow] = []
        if messages.count == 1, numbers.count == 1 {
            for try await row in try await c.execute(IngestPrefetchOne(number: numbers[0], wamid: wamids[0]), logger: logger) { rows.append(row) }
        } else {
            for try await row in try await c.execute(IngestPrefetch(numbers: numbers, wamids: wamids), logger: logger) { rows.append(row) }
        }
        for row in rows {
            if let wa = try row.value(8) as String? { cache.prefetched[wa] = row }
            if let seen = try row.value(9) as [String]? { stored.formUnion(seen) }
            if let customers = try row.value(10) as [String]? { cache.storedNumbers.formUnion(customers) }
        }
        return stored
    }

    /// Stores one new inbound message; returns its conversation.
    static func storeInbound(_ c: PostgresConnection, _ m: InboundMessage, profileName: String?, codes: CallingCodes?,
                             cache: IngestCache, logger: Logger) async throws -> Int64 {
        var known: IngestCache.Known
        if var k = cache.byKey[m.from] {
            k.profileName = try await rename(c, customerID: k.customerID, from: k.profileName, to: profileName, logger: logger)
            known = k
        } else {
            var found = Self.prefetched(m.from, cache)
            if found == nil && !cache.isNewNumber(m.from) {
                let (wa, user) = Self.keyArguments(m.from)
                found = try await c.row("\(unescaped: customerFacts) WHERE cu.wa_id = \(wa) OR cu.user_id = \(user) FOR UPDATE OF cu",
                                        logger: logger)
                // Its conversation, locked too, read again after the lock.
                if let row = found, let conversation = try row.value(4) as Int64? {
                    found = try await c.row("\(unescaped: lockedFacts) WHERE c.id = \(conversation) FOR UPDATE OF cu, c", logger: logger)
                }
            }
            if let row = found, let conversationID = try row.value(4) as Int64? {
                // A known customer: one read for customer, conversation and the facts the rules need.
                let customerID: Int64 = try row.value(0)
                let storedName: String = try row.value(1)
                let name = try await rename(c, customerID: customerID, from: storedName, to: profileName, logger: logger)
                let optedIn: Bool = try row.value(2), optedOut: Bool = try row.value(3)
                let state: ConversationState = try row.known(5)
                let assignee: String? = try row.value(6)
                let lastInbound: Int64? = try row.value(7)
                known = IngestCache.Known(
                    customerID: customerID, conversationID: conversationID,
                    facts: ConversationFacts(state: state, assignee: assignee, window: CustomerServiceWindow(lastInboundAt: lastInbound.date)),
                    profileName: name, subscription: Subscription(optedIn: optedIn, optedOut: optedOut))
            } else if let row = found {
                // A known customer without a conversation yet (imported, or written to first).
                let customerID: Int64 = try row.value(0)
                let storedName: String = try row.value(1)
                let name = try await rename(c, customerID: customerID, from: storedName, to: profileName, logger: logger)
                let conversationID = try await PGWrites.conversation(c, customerID: customerID, at: m.timestamp, logger: logger)
                let optedIn: Bool = try row.value(2), optedOut: Bool = try row.value(3)
                known = IngestCache.Known(customerID: customerID, conversationID: conversationID,
                                          facts: try await PGWrites.facts(c, conversationID: conversationID, logger: logger),
                                          profileName: name, subscription: Subscription(optedIn: optedIn, optedOut: optedOut))
            } else {
                // A new customer (opted in by writing first, source "inbound") and their conversation, waiting: one statement.
                let (customerID, conversationID) = try await PGWrites.newCustomer(c, key: m.from, profileName: profileName, optInSource: "inbound",
                                                                                  callingCodes: codes, at: m.timestamp, logger: logger)
                known = IngestCache.Known(customerID: customerID, conversationID: conversationID,
                                          facts: ConversationFacts(state: .waiting, assignee: nil, window: CustomerServiceWindow(lastInboundAt: nil)),
                                          profileName: profileName, subscription: Subscription(optedIn: true, optedOut: false))
            }
        }
        let t = ConversationRules.customerWrote(known.facts)
        try await PGWrites.apply(c, t, conversationID: known.conversationID, previous: known.facts, actor: nil, reason: nil, at: m.timestamp,
                                 logger: logger)
        known.facts.state = t.state
        known.facts.assignee = t.assignee
        // The message, its change row and the conversation's summary in one statement (one round trip).
        var inserted: Int64?
        for try await id in try await c.execute(InboundInsert(conversationID: known.conversationID, kind: m.kind.rawValue, body: m.body,
                                                             wamid: m.wamid, replyTo: m.replyTo, payload: m.payload, at: m.timestamp.millis,
                                                             searchText: SearchText.indexable(m.body), preview: PGWrites.preview(m.body)),
                                               logger: logger) { inserted = id }
        guard let messageID = inserted else { throw StoreUnavailable("PostgreSQL returned no id for a new message") }
        if let media = m.media { try await Self.insertMedia(c, messageID: messageID, media, at: m.timestamp, logger: logger) }
        let lastInbound = max(known.facts.window.lastInboundAt ?? m.timestamp, m.timestamp)
        known.facts.window = CustomerServiceWindow(lastInboundAt: lastInbound)
        let intent = m.kind == .text ? OptOutKeywords.intent(of: m.body) : nil
        let next = known.subscription.after(intent.map(Subscription.Event.asked) ?? .wrote)
        if next != known.subscription {
            try await writeSubscription(c, customerID: known.customerID, conversationID: known.conversationID, from: known.subscription,
                                        to: next, source: intent == nil ? "inbound" : "keyword", at: m.timestamp, logger: logger)
            known.subscription = next
            // Told once: a confirmation only when the keyword changed something (inside the window they just opened).
            if let intent {
                let body = OptOutKeywords.confirmation(for: intent)
                let replyID = try await PGWrites.insertMessage(c, .init(
                    conversationID: known.conversationID, direction: .outbound, kind: .text, body: body, status: .queued,
                    agent: OptOutKeywords.automaticSender, replyTo: m.wamid, at: m.timestamp), logger: logger)
                try await PGWrites.enqueue(c, messageID: replyID, customerID: known.customerID, kind: "text", at: m.timestamp, logger: logger)
            }
        }
        cache.byKey[m.from] = known
        return known.conversationID
    }

    /// Stores the profile name a webhook gave when it is a new one; returns the name the customer has now.
    static func rename(_ c: PostgresConnection, customerID: Int64, from stored: String?, to name: String?, logger: Logger) async throws -> String? {
        guard let name, !name.isEmpty, name != stored else { return stored }
        try await c.execute("UPDATE customers SET profile_name = \(name) WHERE id = \(customerID)", logger: logger)
        return name
    }

    static func prefetched(_ key: CustomerKey, _ cache: IngestCache) -> PostgresRow? {
        if case .phone(let p) = key { return cache.prefetched[p.digits] }
        return nil
    }

    /// `(wa_id, user_id)` arguments for a customer key (the other one never matches).
    static func keyArguments(_ key: CustomerKey) -> (wa: String?, user: String?) {
        switch key {
        case .phone(let p): return (p.digits, nil)
        case .userID(let u): return (nil, u)
        }
    }

    /// Template status and category changes, marketing preferences, the quality rating and notices.
    static func applyAccountEvents(_ c: PostgresConnection, _ batch: InboundBatch, now: Date, logger: Logger) async throws {
        var notices = batch.notices
        for u in batch.templateUpdates {
            let status: String? = u.status?.uppercased()
            let category: String? = u.category.flatMap(PricingCategory.init(meta:))?.rawValue
            let quality: String? = u.quality?.uppercased()
            guard status != nil || category != nil || quality != nil else { continue }
            // Only what the update names changes (the others keep their value).
            let changed = try await c.count("""
                UPDATE templates SET status = COALESCE(\(status), status), category = COALESCE(\(category), category),
                       quality = COALESCE(\(quality), quality), updated_at = \(now.millis)
                WHERE name = \(u.name) AND (\(u.language)::text IS NULL OR language = \(u.language)::text)
                RETURNING 1
                """, logger: logger)
            // A status for a template Loket has never seen adds it (docs/SPEC.md §9); its text comes with the next
            // `loket templates sync`.
            if changed == 0, let status, let language = u.language, !language.isEmpty {
                let newCategory = category ?? PricingCategory.marketing.rawValue
                try await c.execute("""
                    INSERT INTO templates (name, language, category, status, components, parameter_format, updated_at, quality)
                    VALUES (\(u.name), \(language), \(newCategory), \(status), '[]', 'positional', \(now.millis), \(quality))
                    ON CONFLICT (name, language) DO NOTHING
                    """, logger: logger)
            }
            let what = [u.status.map { "status \($0)" }, u.category.map { "category \($0)" }, u.reason.map { "reason \($0)" },
                        u.quality.map { "quality \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            notices.append("template \(u.name)\(u.language.map { " (\($0))" } ?? ""): \(what)")
        }
        for p in batch.preferenceChanges {
            guard let id = try await PGWrites.customerID(c, key: p.customer, logger: logger) else { continue }
            let conversation = try await c.scalar("SELECT id FROM conversations WHERE customer_id = \(id)", as: Int64.self, logger: logger)
            guard let flags = try await c.row("SELECT opted_in, opted_out FROM customers WHERE id = \(id)", logger: logger) else { continue }
            let current = Subscription(optedIn: try flags.value(0), optedOut: try flags.value(1))
            let next = current.after(.asked(p.optedOut ? .optOut : .optIn))
            if next != current {
                try await writeSubscription(c, customerID: id, conversationID: conversation, from: current, to: next, source: "user_preferences",
                                            at: p.timestamp, logger: logger)
            }
        }
        if let rating = batch.qualityRating?.uppercased() {
            try await c.execute("""
                UPDATE business SET quality_rating = \(rating), updated_at = \(now.millis) WHERE id = 1 AND quality_rating IS DISTINCT FROM \(rating)
                """, logger: logger)
        }
        // The messaging limit (a tier), kept apart from the quality rating.
        if let limit = batch.messagingLimit {
            try await c.execute("""
                UPDATE business SET account_note = \(limit), updated_at = \(now.millis) WHERE id = 1 AND account_note IS DISTINCT FROM \(limit)
                """, logger: logger)
        }
        try await recordNotices(c, notices, at: now, logger: logger)
    }

    /// Writes what ``Subscription`` decided (`to` differs from `from`), with the time and source of the change, and
    /// audits opting in or out (writing to the business opts in silently).
    static func writeSubscription(_ c: PostgresConnection, customerID: Int64, conversationID: Int64?, from: Subscription, to: Subscription,
                                  source: String, at: Date, logger: Logger) async throws {
        let optingIn = to.optedIn && !to.optedOut && (!from.optedIn || from.optedOut)
        let optingOut = to.optedOut && !from.optedOut
        let ms = at.millis
        try await c.execute("""
            UPDATE customers SET opted_in = \(to.optedIn), opted_out = \(to.optedOut),
                   opt_in_at = CASE WHEN \(optingIn) THEN \(ms) ELSE opt_in_at END,
                   opt_in_source = CASE WHEN \(optingIn) THEN \(source) ELSE opt_in_source END,
                   opt_out_at = CASE WHEN \(optingOut) THEN \(ms) ELSE opt_out_at END,
                   opt_out_source = CASE WHEN \(optingOut) THEN \(source) ELSE opt_out_source END
            WHERE id = \(customerID)
            """, logger: logger)
        if source != "inbound" && (optingIn || optingOut) {
            try await PGWrites.audit(c, action: optingOut ? .optOut : .optIn, actor: nil, conversationID: conversationID, detail: source, at: at,
                                     logger: logger)
        }
    }

    /// Serialises a status arriving before its send's answer with the recording of that answer (until the transaction ends).
    static func lockWamid(_ c: PostgresConnection, _ wamid: String, logger: Logger) async throws {
        // The two-key form (pg_locks' objsubid 2), apart from the feed writers' one-key locks.
        try await c.execute("SELECT pg_advisory_xact_lock(7212422, hashtext(\(wamid)))", logger: logger)
    }

    /// Applies one status forward-only; false when it changed nothing. Statuses for a wamid we have not
    /// recorded yet (the webhook beat the send's answer) are kept and applied when the wamid arrives.
    static func applyStatus(_ c: PostgresConnection, _ s: StatusUpdate, rateCard: RateCard?, receivedAt: Date, logger: Logger) async throws -> Bool {
        let lookup: PostgresQuery = """
            SELECT m.id, m.status, m.template_category, m.price_micros, m.conversation_id, c.last_inbound_at, cu.wa_id
            FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers cu ON cu.id = c.customer_id
            WHERE m.wamid = \(s.wamid) FOR UPDATE OF m
            """
        var found = try await c.row(lookup, logger: logger)
        if found == nil {
            // The send's answer may be being recorded right now: whichever of the two takes the wamid's lock second sees
            // what the first committed (see ``lockWamid``).
            try await lockWamid(c, s.wamid, logger: logger)
            found = try await c.row(lookup, logger: logger)
        }
        guard let row = found else {
            try await c.execute("""
                INSERT INTO early_statuses (wamid, status, at, error_code, error_title, pricing_category, received_at,
                                            pricing_billable, pricing_type)
                VALUES (\(s.wamid), \(s.status.rawValue), \(s.timestamp.millis), \(s.errorCode), \(s.errorTitle), \(s.pricingCategory),
                        \(receivedAt.millis), \(s.pricingBillable), \(s.pricingType))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            return false
        }
        let id: Int64 = try row.value("id")
        let current: MessageStatus = try row.known("status")
        guard let next = MessageStatus.merge(current: current, incoming: s.status) else { return false }
        // Priced once, when delivered (read implies delivered), as LoketDomain's DeliveredPrice decides: Meta's pricing
        // object first (its category, billable, type), the rate card for what Meta did not say.
        var price: (market: String, category: PricingCategory, cost: Money)?
        let templateCategory = try (row.value("template_category") as String?).flatMap(PricingCategory.init(meta:))
        let priced: Int64? = try row.value("price_micros")
        let wa: String? = try row.value("wa_id")
        if next == .delivered || next == .read, priced == nil, let card = rateCard, let wa {
            let lastInbound: Int64? = try row.value("last_inbound_at")
            let window = CustomerServiceWindow(lastInboundAt: lastInbound.date)
            price = DeliveredPrice.decide(meta: s.metaPricing, templateCategory: templateCategory, card: card,
                                          to: PhoneNumber(trustedDigits: wa), windowOpen: window.isOpen(at: s.timestamp))
        }
        // One UPDATE (so one change-feed row) for the status, Meta's category and the price.
        let errorCode: Int? = next == .failed ? s.errorCode : nil
        let errorTitle: String? = next == .failed ? s.errorTitle : nil
        let market: String? = price?.market
        let category: String? = price?.category.rawValue
        let micros: Int64? = price?.cost.micros
        let pricedAt: Int64? = price == nil ? nil : s.timestamp.millis
        try await c.execute("""
            UPDATE messages SET status = \(next.rawValue), error_code = COALESCE(\(errorCode), error_code),
                   error_title = COALESCE(\(errorTitle), error_title),
                   updated_at = \(s.timestamp.millis), meta_pricing_category = COALESCE(\(s.pricingCategory), meta_pricing_category),
                   price_market = COALESCE(\(market), price_market), price_category = COALESCE(\(category), price_category),
                   price_micros = COALESCE(\(micros), price_micros), priced_at = COALESCE(\(pricedAt), priced_at)
            WHERE id = \(id)
            """, logger: logger)
        if let price {
            let bucket = s.timestamp.millis / ingestSpendBucketMillis
            try await c.execute("""
                INSERT INTO spend_buckets (bucket, market, category, messages, micros)
                VALUES (\(bucket), \(price.market), \(price.category.rawValue), 1, \(price.cost.micros))
                ON CONFLICT (bucket, market, category)
                DO UPDATE SET messages = spend_buckets.messages + 1, micros = spend_buckets.micros + excluded.micros
                """, logger: logger)
        }
        return true
    }
}

public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

/// PostgreSQL lets several gateways dispatch at once (``OutboxLease`` and `FOR UPDATE SKIP LOCKED` keep them apart):
/// every caller is granted the outbox, and there is nothing to release.
struct SharedOutbox: OutboxOwnership {
    func release() {}
}

extension PostgresStore {
    /// Grants every caller (see ``SharedOutbox``).
    public func acquireOutbox(holder: String) throws -> any OutboxOwnership {
        SharedOutbox()
    }

    /// Webhooks are stored by up to four transactions at once (half the connection pool; the rest serve the
    /// dispatcher, the fetcher and the feed); they lock the customers they write for, so they wait for each other
    /// only on the same customer.
    public var writersAtOnce: Int { 4 }

    /// Dispatchers heard from within a lease's duration are alive; each says the rate it sends at (and the one before
    /// it, with when it changed). The share is decided and written in one transaction, one dispatcher at a time (an
    /// advisory lock, so the next one reads what this one wrote; serializable, two deciding at once aborted one).
    public func dispatcherHeartbeat(holder: String, throughput: Int, now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-OutboxLease.duration).millis
        return try await writeBookkeeping { conn in
            try await conn.execute("SELECT pg_advisory_xact_lock(\(Self.dispatchersLock))", logger: self.logger)
            var others: [ThroughputShare.Peer] = []
            for row in try await conn.rows("""
                SELECT holder, rate, previous_rate, rate_changed_at FROM dispatchers WHERE heartbeat_at >= \(cutoff)
                """, logger: self.logger) {
                let who: String = try row.value(0)
                if who == holder { continue }
                others.append(ThroughputShare.Peer(rate: try row.value(1), previous: try row.value(2), changedAt: Date(millis: try row.value(3))))
            }
            let share = ThroughputShare.share(throughput: throughput, others: others, now: now)
            try await conn.execute("""
                INSERT INTO dispatchers (holder, heartbeat_at, rate, previous_rate, rate_changed_at)
                VALUES (\(holder), \(now.millis), \(share), 0, \(now.millis))
                ON CONFLICT (holder) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, rate = excluded.rate,
                  previous_rate = CASE WHEN dispatchers.rate <> excluded.rate THEN dispatchers.rate ELSE dispatchers.previous_rate END,
                  rate_changed_at = CASE WHEN dispatchers.rate <> excluded.rate THEN excluded.rate_changed_at ELSE dispatchers.rate_changed_at END
                """, logger: self.logger)
            return share
        }
    }

    /// The advisory lock under which dispatchers decide their shares.
    static let dispatchersLock: Int64 = 7212424

    public func dispatcherLeft(holder: String) async throws {
        try await writeBookkeeping { conn in try await conn.execute("DELETE FROM dispatchers WHERE holder = \(holder)", logger: self.logger) }
    }

    /// Takes due entries with `FOR UPDATE SKIP LOCKED`: an entry another gateway is taking at this instant is left
    /// to it, so two gateways never take the same entry. Serializable: tried READ COMMITTED (each row checked again once
    /// locked), the two gateways' claims no longer aborted each other (~1.7 times a second), but both then sent at their
    /// whole share at once, and under the test suite's load their arrivals at Meta bunched past the limiters' 30 ms
    /// margin (21 requests within 950 ms for a throughput of 20, in 3 runs of 4).
    public func takeDue(now: Date, limit: Int, owner: String) async throws -> [OutboxItem] {
        let nowMillis = now.millis
        let logger = self.logger
        // The dispatcher asks every poll interval; most of the time nothing is due. One statement says so, instead of a
        // serializable transaction of five (what becomes due just after is taken at the next poll, as it would be).
        let row = try await withErrors {
            try await client.withConnection { conn in
                try await conn.row("""
                    SELECT EXISTS (SELECT 1 FROM outbox WHERE next_attempt_at <= \(nowMillis) AND in_flight_at IS NULL) AS due,
                           EXISTS (SELECT 1 FROM announcements WHERE state = 'sending' AND cursor_customer_id IS NOT NULL) AS sending
                    """, logger: logger)
            }
        }
        let due: Bool = try row?.value("due") ?? false, sending: Bool = try row?.value("sending") ?? false
        guard due || sending else { return [] }
        return try await write { conn in
            if sending {
                // Announcements become messages just ahead of sending: only as many as there is room for now.
                let ready = try await conn.scalar("""
                    SELECT count(*) FROM (SELECT 1 FROM outbox WHERE next_attempt_at <= \(nowMillis) AND in_flight_at IS NULL LIMIT \(limit)) AS r
                    """, as: Int.self, logger: logger) ?? 0
                if ready < limit {
                    try await Self.materializeAnnouncements(conn, limit: limit - ready, now: now, logger: logger)
                }
            }
            return try await Self.claim(conn, now: now, limit: limit, owner: owner, logger: logger)
        }
    }

    /// Leases up to `limit` due entries to `owner`, oldest first, skipping those another dispatcher is taking.
    static func claim(_ conn: PostgresConnection, now: Date, limit: Int, owner: String, logger: Logger) async throws -> [OutboxItem] {
        let lease = now.addingTimeInterval(OutboxLease.duration).millis
        let nowMillis = now.millis
        // `attempts` is returned after the update: this attempt included.
        let rows = try await conn.rows("""
            WITH due AS (
              SELECT id, next_attempt_at AS due_at FROM outbox
              WHERE next_attempt_at <= \(nowMillis) AND in_flight_at IS NULL ORDER BY next_attempt_at, id LIMIT \(limit)
              FOR UPDATE SKIP LOCKED),
            taken AS (
              UPDATE outbox SET in_flight_at = \(nowMillis), next_attempt_at = \(lease), lease_owner = \(owner), attempts = attempts + 1
              FROM due WHERE outbox.id = due.id
              RETURNING outbox.id, outbox.message_id, outbox.customer_id, outbox.kind, outbox.read_wamid, outbox.read_typing,
                        outbox.reaction_emoji, outbox.attempts, outbox.created_at, due.due_at)
            SELECT t.id, t.message_id, t.kind, t.read_wamid, t.read_typing, t.reaction_emoji, t.attempts, t.created_at,
                   m.body, m.reply_to, m.template_name, m.payload, cu.wa_id, cu.user_id
            FROM taken t LEFT JOIN messages m ON m.id = t.message_id JOIN customers cu ON cu.id = t.customer_id
            ORDER BY t.due_at, t.id
            """, logger: logger)
        var items: [OutboxItem] = []
        for row in rows {
            let id: Int64 = try row.value("id")
            let wa: String? = try row.value("wa_id")
            let to: CustomerKey
            if let wa { to = .phone(PhoneNumber(trustedDigits: wa)) } else { to = .userID(try row.value("user_id")) }
            let payload: OutboxPayload
            let kind: String = try row.value("kind")
            switch kind {
            case "mark_read": payload = try .markRead(wamid: row.value("read_wamid"), typing: row.value("read_typing"))
            case "reaction":
                let emoji: String? = try row.value("reaction_emoji")
                payload = try .reaction(wamid: row.value("read_wamid"), emoji: emoji ?? "")
            case "media":
                let mid: Int64 = try row.value("message_id")
                guard let m = try await Self.media(conn, messageIDs: [mid], logger: logger)[mid], let file = m.file else {
                    throw StoreUnusable("outbox entry \(id) is an attachment whose file is not recorded")
                }
                let attachment = OutgoingAttachment(kind: m.kind, file: file, mimeType: m.mimeType ?? "application/octet-stream",
                                                    size: m.size ?? 0, sha256: m.sha256 ?? "", fileName: m.fileName)
                payload = try .media(attachment, caption: row.value("payload"), replyTo: row.value("reply_to"))
            case "interactive":
                let json: String? = try row.value("payload")
                guard let json, let message = try? JSONDecoder().decode(InteractiveMessage.self, from: Data(json.utf8)) else {
                    throw StoreUnusable("outbox entry \(id) is an interactive message whose choices are not recorded")
                }
                payload = try .interactive(message, replyTo: row.value("reply_to"))
            case "template":
                // Templates queued before their values were kept had none (and went out in English).
                let json: String? = try row.value("payload")
                let send = json.flatMap(Self.decodeTemplateSend) ?? TemplateSend(language: "en")
                payload = try .template(name: row.value("template_name"), send: send)
            default: payload = try .text(body: row.value("body"), replyTo: row.value("reply_to"))
            }
            let attempts: Int = try row.value("attempts")
            let messageID: Int64? = try row.value("message_id")
            let queuedAt: Int64? = try row.value("created_at")
            items.append(OutboxItem(id: id, messageID: messageID, to: to, payload: payload, attempts: attempts, queuedAt: queuedAt.date))
        }
        return items
    }

    /// A template message's send data, as ``encode(_:)`` kept it.
    static func decodeTemplateSend(_ json: String) -> TemplateSend? {
        try? JSONDecoder().decode(TemplateSend.self, from: Data(json.utf8))
    }

    public func recordSend(outboxID: Int64, outcome: SendOutcome, at: Date) async throws {
        let card = rateCard
        let logger = self.logger
        try await writeLocking { conn in
            guard let entry = try await conn.row("SELECT message_id FROM outbox WHERE id = \(outboxID) FOR UPDATE", logger: logger) else { return }
            let messageID: Int64? = try entry.value(0)
            switch outcome {
            case .accepted(let wamid):
                try await conn.execute("DELETE FROM outbox WHERE id = \(outboxID)", logger: logger)
                guard let mid = messageID else { return }
                // A status that came before this answer is in early_statuses by now, or waits for this lock (applyStatus).
                try await Self.lockWamid(conn, wamid, logger: logger)
                try await conn.execute("""
                    UPDATE messages SET wamid = \(wamid), status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END,
                           updated_at = \(at.millis) WHERE id = \(mid)
                    """, logger: logger)
                let early = try await conn.rows("""
                    SELECT status, at, error_code, error_title, pricing_category, pricing_billable, pricing_type
                    FROM early_statuses WHERE wamid = \(wamid) ORDER BY at
                    """, logger: logger)
                for e in early {
                    let raw: String = try e.value("status")
                    guard let status = MessageStatus(rawValue: raw) else { continue }
                    let update = try StatusUpdate(wamid: wamid, status: status, timestamp: Date(millis: e.value("at")),
                                                  errorCode: e.value("error_code"), errorTitle: e.value("error_title"),
                                                  pricingCategory: e.value("pricing_category"), pricingBillable: e.value("pricing_billable"),
                                                  pricingType: e.value("pricing_type"))
                    _ = try await Self.applyStatus(conn, update, rateCard: card, receivedAt: at, logger: logger)
                }
                try await conn.execute("DELETE FROM early_statuses WHERE wamid = \(wamid)", logger: logger)
            case .retry(let when, let code, let reason):
                // A copy of an announcement cancelled while this attempt was out is not tried again (AnnouncementRetry).
                if let mid = messageID, let announcement = try await conn.row("""
                    SELECT a.id, a.state FROM messages m JOIN announcements a ON a.id = m.announcement_id WHERE m.id = \(mid)
                    FOR SHARE OF a
                    """, logger: logger) {
                    let state: String? = try announcement.value(1)
                    if !AnnouncementRetry.triesAgain(announcementState: state) {
                        let announcementID: Int64 = try announcement.value(0)
                        try await Self.cancelQueuedCopy(conn, outboxID: outboxID, messageID: mid, announcementID: announcementID, at: at,
                                                        logger: logger)
                        return
                    }
                }
                let lastError = code.map { "\($0): \(reason)" } ?? reason
                try await conn.execute("""
                    UPDATE outbox SET next_attempt_at = \(when.millis), in_flight_at = NULL, lease_owner = NULL, last_error = \(lastError)
                    WHERE id = \(outboxID)
                    """, logger: logger)
            case .failed(let code, let reason):
                try await conn.execute("DELETE FROM outbox WHERE id = \(outboxID)", logger: logger)
                if let mid = messageID {
                    try await conn.execute("""
                        UPDATE messages SET status = 'failed', error_code = \(code), error_title = \(reason), updated_at = \(at.millis)
                        WHERE id = \(mid)
                        """, logger: logger)
                    try await Self.templateRefused(conn, messageID: mid, code: code, at: at, logger: logger)
                }
            }
        }
    }

    public func requeueExpiredLeases(now: Date) async throws -> Int {
        let nowMillis = now.millis
        let logger = self.logger
        // READ COMMITTED: a lease renewed meanwhile is seen (each row is checked again once locked) and left alone.
        return try await writeBookkeeping { conn in
            try await conn.count("""
                UPDATE outbox SET in_flight_at = NULL, lease_owner = NULL WHERE in_flight_at IS NOT NULL AND next_attempt_at <= \(nowMillis)
                RETURNING 1
                """, logger: logger)
        }
    }

    /// Also forgets dispatchers not heard from for an hour (a killed gateway's row; a live one's heartbeat is
    /// half a second old), at the lease's pace rather than the heartbeat's.
    public func renewLeases(owner: String, now: Date) async throws {
        let until = now.addingTimeInterval(OutboxLease.duration).millis
        let silent = now.addingTimeInterval(-3_600).millis
        let logger = self.logger
        try await writeBookkeeping { conn in
            try await conn.execute("""
                UPDATE outbox SET next_attempt_at = \(until) WHERE lease_owner = \(owner) AND in_flight_at IS NOT NULL
                """, logger: logger)
            try await conn.execute("DELETE FROM dispatchers WHERE heartbeat_at < \(silent)", logger: logger)
        }
    }

    public func outboxStats(now: Date) async throws -> (depth: Int, oldestAge: TimeInterval) {
        let logger = self.logger
        return try await read { conn in
            let row = try await conn.row("SELECT count(*) AS n, min(created_at) AS oldest FROM outbox", logger: logger)
            // Announcement recipients not yet turned into messages wait too.
            let unreached = try await conn.scalar("""
                SELECT coalesce(sum(recipients - handled), 0)::bigint FROM announcements WHERE state = 'sending' AND cursor_customer_id IS NOT NULL
                """, as: Int.self, logger: logger) ?? 0
            var queued = 0
            var oldest: Int64?
            if let row {
                let n: Int = try row.value("n"), o: Int64? = try row.value("oldest")
                queued = n
                oldest = o
            }
            return (queued + unreached, oldest.map { max(0, now.timeIntervalSince(Date(millis: $0))) } ?? 0)
        }
    }

    public func setGatewayState(_ state: GatewayState) async throws {
        let logger = self.logger
        try await write { conn in
            try await conn.execute("""
                INSERT INTO gateway (id, mode, detail, updated_at) VALUES (1, \(state.mode.rawValue), \(state.detail), \(state.updatedAt.millis))
                ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, detail = excluded.detail, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    public func gatewayState() async throws -> GatewayState? {
        let logger = self.logger
        return try await read { conn in
            guard let row = try await conn.row("SELECT mode, detail, updated_at FROM gateway WHERE id = 1", logger: logger) else { return nil }
            return try GatewayState(mode: row.known("mode"), detail: row.value("detail"), updatedAt: Date(millis: row.value("updated_at")))
        }
    }
}

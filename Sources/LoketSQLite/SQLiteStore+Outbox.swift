public import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func takeDue(now: Date, limit: Int, owner: String) async throws -> [OutboxItem] {
        let lease = now.addingTimeInterval(OutboxLease.duration).millis
        return try await write { db in
            // Announcements become messages just ahead of sending: only as many as there is room for now.
            let ready = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM outbox WHERE next_attempt_at <= ? AND in_flight_at IS NULL LIMIT ?)
                """), arguments: [now.millis, limit]) ?? 0
            if ready < limit { try Self.materializeAnnouncements(db, limit: limit - ready, now: now) }
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT o.id, o.message_id, o.kind, o.read_wamid, o.read_typing, o.reaction_emoji, o.attempts, o.created_at, m.body, m.reply_to, m.template_name, m.payload,
                       cu.wa_id, cu.user_id
                FROM outbox o LEFT JOIN messages m ON m.id = o.message_id JOIN customers cu ON cu.id = o.customer_id
                WHERE o.next_attempt_at <= ? AND o.in_flight_at IS NULL ORDER BY o.next_attempt_at, o.id LIMIT ?
                """), arguments: [now.millis, limit])
            var items: [OutboxItem] = []
            for row in rows {
                let id: Int64 = try row.value("id")
                try db.cachedStatement(sql: """
                    UPDATE outbox SET in_flight_at = ?, next_attempt_at = ?, lease_owner = ?, attempts = attempts + 1 WHERE id = ?
                    """).execute(arguments: [now.millis, lease, owner, id])
                let wa: String? = try row.value("wa_id")
                let to: CustomerKey = try wa.map { .phone(PhoneNumber(trustedDigits: $0)) } ?? .userID(row.value("user_id"))
                let payload: OutboxPayload
                switch try row.value("kind") as String {
                case "mark_read": payload = try .markRead(wamid: row.value("read_wamid"), typing: row.value("read_typing"))
                case "reaction": payload = try .reaction(wamid: row.value("read_wamid"), emoji: (row.value("reaction_emoji") as String?) ?? "")
                case "media":
                    let mid: Int64 = try row.value("message_id")
                    guard let m = try Self.media(db, messageIDs: [mid])[mid], let file = m.file else {
                        throw StoreUnusable("outbox entry \(id) is an attachment whose file is not recorded")
                    }
                    let attachment = OutgoingAttachment(kind: m.kind, file: file, mimeType: m.mimeType ?? "application/octet-stream",
                                                        size: m.size ?? 0, sha256: m.sha256 ?? "", fileName: m.fileName)
                    payload = try .media(attachment, caption: row.value("payload"), replyTo: row.value("reply_to"))
                case "interactive":
                    guard let json: String = try row.value("payload"),
                          let message = try? JSONDecoder().decode(InteractiveMessage.self, from: Data(json.utf8)) else {
                        throw StoreUnusable("outbox entry \(id) is an interactive message whose choices are not recorded")
                    }
                    payload = try .interactive(message, replyTo: row.value("reply_to"))
                case "template":
                    // Templates queued before their values were kept had none (and went out in English).
                    let send = try (row.value("payload") as String?).flatMap(Self.decodeTemplateSend) ?? TemplateSend(language: "en")
                    payload = try .template(name: row.value("template_name"), send: send)
                default: payload = try .text(body: row.value("body"), replyTo: row.value("reply_to"))
                }
                let attempts: Int = try row.value("attempts")
                items.append(OutboxItem(id: id, messageID: try row.value("message_id"), to: to, payload: payload,
                                        attempts: attempts + 1, queuedAt: try (row.value("created_at") as Int64?).date))
            }
            return items
        }
    }

    /// A template message's send data, as ``encode(_:)`` kept it.
    static func decodeTemplateSend(_ json: String) -> TemplateSend? {
        try? JSONDecoder().decode(TemplateSend.self, from: Data(json.utf8))
    }

    public func recordSend(outboxID: Int64, outcome: SendOutcome, at: Date) async throws {
        let card = rateCard
        try await write { db in
            guard let messageID = try Row.fetchOne(try db.cachedStatement(sql: "SELECT message_id FROM outbox WHERE id = ?"),
                                                   arguments: [outboxID]).map({ try $0.value("message_id") as Int64? }) else { return }
            switch outcome {
            case .accepted(let wamid):
                try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?").execute(arguments: [outboxID])
                guard let mid = messageID else { return }
                try db.cachedStatement(sql: """
                    UPDATE messages SET wamid = ?, status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END,
                           updated_at = ? WHERE id = ?
                    """).execute(arguments: [wamid, at.millis, mid])
                let early = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM early_statuses WHERE wamid = ? ORDER BY at"), arguments: [wamid])
                for e in early {
                    let update = try WrongColumnType.inTable("early_statuses") { () throws -> StatusUpdate? in
                        guard let status = try MessageStatus(rawValue: e.value("status")) else { return nil }
                        return try StatusUpdate(wamid: wamid, status: status, timestamp: Date(millis: e.value("at")),
                                                errorCode: e.value("error_code"), errorTitle: e.value("error_title"),
                                                pricingCategory: e.value("pricing_category"), pricingBillable: e.value("pricing_billable"),
                                                pricingType: e.value("pricing_type"))
                    }
                    guard let update else { continue }
                    _ = try Self.applyStatus(db, update, rateCard: card, receivedAt: at)
                }
                try db.cachedStatement(sql: "DELETE FROM early_statuses WHERE wamid = ?").execute(arguments: [wamid])
            case .retry(let when, let code, let reason):
                // A copy of an announcement cancelled while this attempt was out is not tried again (AnnouncementRetry).
                if let mid = messageID, let announcement = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT a.id, a.state FROM messages m JOIN announcements a ON a.id = m.announcement_id WHERE m.id = ?
                    """), arguments: [mid]), !AnnouncementRetry.triesAgain(announcementState: try announcement.value(1)) {
                    try Self.cancelQueuedCopy(db, outboxID: outboxID, messageID: mid, announcementID: try announcement.value(0), at: at)
                    return
                }
                try db.cachedStatement(sql: """
                    UPDATE outbox SET next_attempt_at = ?, in_flight_at = NULL, lease_owner = NULL, last_error = ? WHERE id = ?
                    """).execute(arguments: [when.millis, code.map { "\($0): \(reason)" } ?? reason, outboxID])
            case .failed(let code, let reason):
                try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?").execute(arguments: [outboxID])
                if let mid = messageID {
                    try db.cachedStatement(sql: """
                        UPDATE messages SET status = 'failed', error_code = ?, error_title = ?, updated_at = ? WHERE id = ?
                        """).execute(arguments: [code, reason, at.millis, mid])
                    try Self.templateRefused(db, messageID: mid, code: code, at: at)
                }
            }
        }
    }

    public func requeueExpiredLeases(now: Date) async throws -> Int {
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET in_flight_at = NULL, lease_owner = NULL WHERE in_flight_at IS NOT NULL AND next_attempt_at <= ?
                """).execute(arguments: [now.millis])
            return db.changesCount
        }
    }

    public func renewLeases(owner: String, now: Date) async throws {
        let until = now.addingTimeInterval(OutboxLease.duration).millis
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET next_attempt_at = ? WHERE lease_owner = ? AND in_flight_at IS NOT NULL
                """).execute(arguments: [until, owner])
        }
    }

    public func outboxStats(now: Date) async throws -> (depth: Int, oldestAge: TimeInterval) {
        try await read { db in
            let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT count(*) AS n, MIN(created_at) AS oldest FROM outbox"))
            // Announcement recipients not yet turned into messages wait too.
            let unreached = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COALESCE(SUM(recipients - handled), 0) FROM announcements WHERE state = 'sending' AND cursor_customer_id IS NOT NULL
                """)) ?? 0
            let n = try (row.map { try $0.value("n") as Int } ?? 0) + unreached
            let oldest = try row.flatMap { try $0.value("oldest") as Int64? }
            return (n, oldest.map { max(0, now.timeIntervalSince(Date(millis: $0))) } ?? 0)
        }
    }

    public func setGatewayState(_ state: GatewayState) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO gateway (id, mode, detail, updated_at) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, detail = excluded.detail, updated_at = excluded.updated_at
                """, arguments: [state.mode.rawValue, state.detail, state.updatedAt.millis])
        }
    }

    public func gatewayState() async throws -> GatewayState? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT mode, detail, updated_at FROM gateway WHERE id = 1") else { return nil }
            return try WrongColumnType.inTable("gateway") {
                try GatewayState(mode: row.known("mode"), detail: row.value("detail"),
                                 updatedAt: Date(millis: row.value("updated_at")))
            }
        }
    }
}

import Foundation
import GRDB
import LoketDomain
import LoketStore

extension SQLiteStore {
    /// How long a taken entry stays reserved before another dispatcher may take it again.
    static let outboxLease: TimeInterval = 120

    public func takeDue(now: Date, limit: Int) async throws -> [OutboxItem] {
        try await write { db in
            // Announcements become messages just ahead of sending: only as many as there is room for now.
            let ready = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM outbox WHERE next_attempt_at <= ? LIMIT ?)
                """), arguments: [now.millis, limit]) ?? 0
            if ready < limit { try Self.materializeAnnouncements(db, limit: limit - ready, now: now) }
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT o.id, o.message_id, o.kind, o.read_wamid, o.attempts, m.body, m.reply_to, m.template_name, m.payload,
                       cu.wa_id, cu.user_id
                FROM outbox o LEFT JOIN messages m ON m.id = o.message_id JOIN customers cu ON cu.id = o.customer_id
                WHERE o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?
                """), arguments: [now.millis, limit])
            var items: [OutboxItem] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.cachedStatement(sql: """
                    UPDATE outbox SET in_flight_at = ?, next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?
                    """).execute(arguments: [now.millis, now.addingTimeInterval(Self.outboxLease).millis, id])
                let wa: String? = row["wa_id"]
                let to: CustomerKey = wa.map { .phone(PhoneNumber(trustedDigits: $0)) } ?? .userID(row["user_id"])
                let payload: OutboxPayload
                switch row["kind"] as String {
                case "mark_read": payload = .markRead(wamid: row["read_wamid"])
                case "template":
                    let params = (row["payload"] as String?).flatMap(Self.decodeTemplatePayload)
                    payload = .template(name: row["template_name"], language: params?.language ?? "en",
                                        parameters: params?.parameters ?? [])
                default: payload = .text(body: row["body"], replyTo: row["reply_to"])
                }
                items.append(OutboxItem(id: id, messageID: row["message_id"], to: to, payload: payload,
                                        attempts: row["attempts"] + 1))
            }
            return items
        }
    }

    struct TemplatePayload: Codable { var language: String; var parameters: [String] }

    static func decodeTemplatePayload(_ json: String) -> TemplatePayload? {
        try? JSONDecoder().decode(TemplatePayload.self, from: Data(json.utf8))
    }

    public func recordSend(outboxID: Int64, outcome: SendOutcome, at: Date) async throws {
        let card = rateCard
        try await write { db in
            guard let messageID = try Row.fetchOne(try db.cachedStatement(sql: "SELECT message_id FROM outbox WHERE id = ?"),
                                                   arguments: [outboxID]).map({ $0["message_id"] as Int64? }) else { return }
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
                    guard let status = MessageStatus(rawValue: e["status"]) else { continue }
                    _ = try Self.applyStatus(db, StatusUpdate(wamid: wamid, status: status, timestamp: Date(millis: e["at"]),
                                                              errorCode: e["error_code"], errorTitle: e["error_title"],
                                                              pricingCategory: e["pricing_category"]), rateCard: card)
                }
                try db.cachedStatement(sql: "DELETE FROM early_statuses WHERE wamid = ?").execute(arguments: [wamid])
            case .retry(let when, let code, let reason):
                // A copy of an announcement cancelled while this attempt was out is not tried again.
                if let mid = messageID, let announcement = try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT a.id FROM messages m JOIN announcements a ON a.id = m.announcement_id WHERE m.id = ? AND a.state = 'cancelled'
                    """), arguments: [mid]) {
                    try Self.cancelQueuedCopy(db, outboxID: outboxID, messageID: mid, announcementID: announcement, at: at)
                    return
                }
                try db.cachedStatement(sql: """
                    UPDATE outbox SET next_attempt_at = ?, in_flight_at = NULL, last_error = ? WHERE id = ?
                    """).execute(arguments: [when.millis, code.map { "\($0): \(reason)" } ?? reason, outboxID])
            case .failed(let code, let reason):
                try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?").execute(arguments: [outboxID])
                if let mid = messageID {
                    try db.cachedStatement(sql: """
                        UPDATE messages SET status = 'failed', error_code = ?, error_title = ?, updated_at = ? WHERE id = ?
                        """).execute(arguments: [code, reason, at.millis, mid])
                }
            }
        }
    }

    public func requeueInFlight() async throws -> Int {
        let now = clock().millis
        return try await write { db in
            try db.cachedStatement(sql: "UPDATE outbox SET next_attempt_at = ?, in_flight_at = NULL WHERE in_flight_at IS NOT NULL").execute(
                           arguments: [now])
            return db.changesCount
        }
    }

    public func outboxStats(now: Date) async throws -> (depth: Int, oldestAge: TimeInterval) {
        try await read { db in
            let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT count(*) AS n, MIN(created_at) AS oldest FROM outbox"))
            // Announcement recipients not yet turned into messages wait too.
            let unreached = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COALESCE(SUM(recipients - handled), 0) FROM announcements WHERE state = 'sending' AND cursor_customer_id IS NOT NULL
                """)) ?? 0
            let n: Int = (row?["n"] ?? 0) + unreached
            let oldest: Int64? = row?["oldest"]
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
            return GatewayState(mode: GatewayState.Mode(rawValue: row["mode"]) ?? .stopped, detail: row["detail"],
                                updatedAt: Date(millis: row["updated_at"]))
        }
    }
}

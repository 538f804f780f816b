import Foundation
import Logging
public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    struct Recipient { var customerID: Int64; var phone: String?; var lastInbound: Int64? }

    /// `head` FROM … WHERE for the audience's opted-in customers (`cu`, joined to their conversation `c`), then `tail`
    /// (`optedOut` picks the excluded ones instead). `head` and `tail` are SQL, never values.
    static func audienceQuery(_ head: String, _ audience: AudienceSpec, optedOut: Bool, tail: String = "") -> PostgresQuery {
        let source = "FROM customers cu LEFT JOIN conversations c ON c.customer_id = cu.id WHERE cu.opted_in AND "
            + (optedOut ? "cu.opted_out" : "NOT cu.opted_out")
        switch audience {
        case .all:
            return "\(unescaped: head) \(unescaped: source) \(unescaped: tail)"
        case .open:
            return "\(unescaped: head) \(unescaped: source) AND c.state IN ('waiting', 'open', 'pending') \(unescaped: tail)"
        case .label(let l):
            return """
                \(unescaped: head) \(unescaped: source)
                  AND EXISTS (SELECT 1 FROM customer_labels l WHERE l.customer_id = cu.id AND l.label = \(l)) \(unescaped: tail)
                """
        case .country(let cc):
            return "\(unescaped: head) \(unescaped: source) AND cu.country = \(cc) \(unescaped: tail)"
        }
    }

    static func recipients(_ c: PostgresConnection, _ audience: AudienceSpec, logger: Logger) async throws
        -> (included: [Recipient], excluded: Int) {
        if case .label(let name) = audience {
            // A mistyped label is bad input, not an empty audience.
            var labels: [String] = []
            for row in try await c.rows("SELECT label FROM customer_labels GROUP BY label ORDER BY label COLLATE \"C\"", logger: logger) {
                labels.append(try row.value(0))
            }
            guard labels.contains(name) else {
                throw InputError("no customer has the label '\(name)'; labels in use: "
                                 + (labels.isEmpty ? "none yet" : labels.joined(separator: ", ")))
            }
        }
        var included: [Recipient] = []
        for row in try await c.rows(audienceQuery("SELECT DISTINCT cu.id, cu.wa_id, c.last_inbound_at", audience, optedOut: false),
                                    logger: logger) {
            included.append(try Recipient(customerID: row.value(0), phone: row.value(1), lastInbound: row.value(2)))
        }
        let excluded = try await c.scalar(audienceQuery("SELECT count(DISTINCT cu.id)", audience, optedOut: true),
                                          as: Int.self, logger: logger) ?? 0
        return (included, excluded)
    }

    func preview(_ c: PostgresConnection, template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                 by: String, now: Date, logger: Logger) async throws -> (AnnouncementPreview, TemplateSend, StoredTemplate) {
        let actor = try await PGWrites.actor(c, login: by, logger: logger)
        try TeamRules.announce(by: actor)
        let t = try await Self.approvedTemplate(c, name: template, language: language, logger: logger)
        let send = try t.layout.resolve(values, name: template, language: t.language)
        let body = t.layout.render(send)
        guard let category = PricingCategory(rawValue: t.category) else {
            throw StoreUnusable("an unknown value in column category (edited outside Loket?)")
        }
        let (included, excluded) = try await Self.recipients(c, audience, logger: logger)
        var cost = Money.zero(currency)
        if let card = rateCard {
            for r in included {
                guard let phone = r.phone else { continue }
                let open = CustomerServiceWindow(lastInboundAt: r.lastInbound.date).isOpen(at: now)
                cost = cost + card.price(category: category, to: PhoneNumber(trustedDigits: phone), windowOpen: open).cost
            }
        }
        return (AnnouncementPreview(template: template, language: t.language, category: category, body: body, audience: audience,
                                    recipients: included.count, excludedOptedOut: excluded, estimatedCost: cost), send, t)
    }

    public func previewAnnouncement(template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                                    by: String) async throws -> AnnouncementPreview {
        let now = clock()
        let logger = self.logger
        return try await read { conn in
            try await self.preview(conn, template: template, language: language, values: values, audience: audience, by: by, now: now,
                                   logger: logger).0
        }
    }

    public func startAnnouncement(template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                                  by: String) async throws -> (id: Int64, preview: AnnouncementPreview) {
        let now = clock()
        let logger = self.logger
        let result: AnnouncementStart = try await write { conn in
            let (p, send, t) = try await self.preview(conn, template: template, language: language, values: values,
                                                      audience: audience, by: by, now: now, logger: logger)
            guard p.recipients > 0 else { throw Refusal("nobody in audience {1} can receive it ({2} opted out)", audience, p.excludedOptedOut) }
            let params = try Self.encode(send)
            guard let id = try await conn.scalar("""
                INSERT INTO announcements (template_name, language, parameters, audience, created_by, state, recipients,
                                           excluded_opted_out, estimated_micros, created_at, body, template_category, cursor_customer_id)
                VALUES (\(template), \(t.language), \(params), \(audience.description), \(by), 'sending', \(p.recipients),
                        \(p.excludedOptedOut), \(p.estimatedCost.micros), \(now.millis), \(p.body), \(t.category), 0)
                RETURNING id
                """, as: Int64.self, logger: logger) else { throw StoreUnavailable("PostgreSQL returned no id for a new announcement") }
            // The recipient list, in one statement; messages are made just ahead of sending (materialize).
            try await conn.execute(Self.audienceQuery("INSERT INTO announcement_recipients (announcement_id, customer_id) SELECT \(id), cu.id",
                                                      audience, optedOut: false, tail: "ON CONFLICT DO NOTHING"), logger: logger)
            try await PGWrites.audit(conn, action: .announcement, actor: by, conversationID: nil,
                                     detail: "#\(id) \(template) to \(audience): \(p.recipients) recipients, \(p.excludedOptedOut) opted out excluded, estimated \(p.estimatedCost)",
                                     at: now, logger: logger)
            return AnnouncementStart(id: id, preview: p)
        }
        return (result.id, result.preview)
    }

    /// Turns up to `limit` announcement recipients into messages and outbox rows, oldest announcement first,
    /// each following its cursor. A recipient who opted out since it was queued is skipped. Each announcement's row
    /// is locked (FOR UPDATE SKIP LOCKED) while its batch is made: two gateways never fan out the same recipients,
    /// and one skips an announcement another is fanning out.
    static func materializeAnnouncements(_ c: PostgresConnection, limit: Int, now: Date, logger: Logger) async throws {
        var room = limit
        var after: Int64 = 0
        while room > 0 {
            guard let a = try await c.row("""
                SELECT id, template_name, template_category, parameters, body, created_by, cursor_customer_id FROM announcements
                WHERE state = 'sending' AND cursor_customer_id IS NOT NULL AND id > \(after) ORDER BY id LIMIT 1
                FOR UPDATE SKIP LOCKED
                """, logger: logger) else { return }
            let id: Int64 = try a.value("id")
            after = id
            let from: Int64 = try a.value("cursor_customer_id")
            let templateName: String = try a.value("template_name")
            let templateCategory: String? = try a.value("template_category")
            let createdBy: String = try a.value("created_by")
            let storedBody: String? = try a.value("body")
            let rows = try await c.rows("""
                SELECT r.customer_id, cu.opted_out, cu.profile_name, cu.wa_id FROM announcement_recipients r JOIN customers cu ON cu.id = r.customer_id
                WHERE r.announcement_id = \(id) AND r.customer_id > \(from) ORDER BY r.customer_id LIMIT \(room)
                """, logger: logger)
            // `{{customer.name}}` in a parameter is filled for each recipient, in what they read and what is sent.
            let parametersJSON: String? = try a.value("parameters")
            let sendData = parametersJSON.flatMap(Self.decodeTemplateSend)
            let personal = sendData.map { AnnouncementParameters.arePersonal($0) } ?? false
            var optedOut = 0
            for r in rows {
                let customerID: Int64 = try r.value(0)
                let isOptedOut: Bool = try r.value(1)
                if isOptedOut {
                    optedOut += 1
                    try await c.execute("""
                        UPDATE announcement_recipients SET skipped = 'opted_out' WHERE announcement_id = \(id) AND customer_id = \(customerID)
                        """, logger: logger)
                    continue
                }
                let conversationID = try await PGWrites.conversation(c, customerID: customerID, at: now, logger: logger)
                var body = storedBody ?? "", payload = parametersJSON
                if personal, let data = sendData {
                    let name: String? = try r.value(2)
                    let wa: String? = try r.value(3)
                    let number = wa.map { "+" + $0 } ?? ""
                    body = AnnouncementParameters.fill(body, profileName: name, number: number)
                    payload = try Self.encode(data.mapText { AnnouncementParameters.fill($0, profileName: name, number: number) })
                }
                let messageID = try await PGWrites.insertMessage(c, .init(
                    conversationID: conversationID, direction: .outbound, kind: .template, body: body, status: .queued,
                    agent: createdBy, payload: payload, templateName: templateName,
                    templateCategory: templateCategory, announcementID: id, at: now), logger: logger)
                try await PGWrites.enqueue(c, messageID: messageID, customerID: customerID, kind: "template", at: now, logger: logger)
                try await c.execute("""
                    UPDATE announcement_recipients SET message_id = \(messageID) WHERE announcement_id = \(id) AND customer_id = \(customerID)
                    """, logger: logger)
            }
            // Fewer than asked for: this was the last of them.
            var cursor: Int64?
            if rows.count >= room, let last = rows.last { cursor = try last.value(0) }
            room -= rows.count
            try await c.execute("""
                UPDATE announcements SET cursor_customer_id = \(cursor), handled = handled + \(rows.count),
                       skipped_opted_out = skipped_opted_out + \(optedOut)
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    /// A queued copy of a cancelled announcement that was not handed to the Cloud API: never sent.
    static func cancelQueuedCopy(_ c: PostgresConnection, outboxID: Int64, messageID: Int64, announcementID: Int64, at: Date,
                                 reason: String? = nil, logger: Logger) async throws {
        let title = reason.map { "announcement stopped before sending: \($0)" } ?? "announcement cancelled before sending"
        try await c.execute("DELETE FROM outbox WHERE id = \(outboxID)", logger: logger)
        try await c.execute("""
            UPDATE messages SET status = 'failed', error_title = \(title), updated_at = \(at.millis) WHERE id = \(messageID)
            """, logger: logger)
        try await c.execute("""
            UPDATE announcement_recipients SET skipped = 'cancelled' WHERE announcement_id = \(announcementID) AND message_id = \(messageID)
            """, logger: logger)
        try await c.execute("UPDATE announcements SET cancelled_queued = cancelled_queued + 1 WHERE id = \(announcementID)",
                            logger: logger)
    }

    public func cancelAnnouncement(_ id: Int64, by: String) async throws -> AnnouncementProgress {
        let now = clock()
        let logger = self.logger
        try await write { conn in
            let actor = try await PGWrites.actor(conn, login: by, logger: logger)
            try TeamRules.announce(by: actor)
            // `sending` means something is still queued (progress says `done` otherwise); NotFound for a wrong id.
            guard try await Self.progress(conn, id, logger: logger).state == "sending" else {
                throw Refusal("announcement #{1} has nothing left to send", id)
            }
            let notSent = try await Self.halt(conn, id, stopCode: nil, at: now, logger: logger)
            try await PGWrites.audit(conn, action: .announcement, actor: by, conversationID: nil,
                                     detail: "#\(id) cancelled: \(notSent) recipients not sent to", at: now, logger: logger)
        }
        return try await announcementProgress(id)
    }

    /// Stops an announcement: recipients not reached and copies not yet handed to the Cloud API are not sent
    /// (counted as cancelled); copies on the wire finish. `stopCode`: Meta's refusal of the template that stopped it.
    /// Returns how many were not sent.
    static func halt(_ c: PostgresConnection, _ id: Int64, stopCode: Int?, at now: Date, logger: Logger) async throws -> Int {
        // Counted in the database: an announcement can have 100,000 recipients not reached yet.
        let unsent = try await c.scalar("""
            WITH cancelled AS (
              UPDATE announcement_recipients SET skipped = 'cancelled'
              WHERE announcement_id = \(id) AND message_id IS NULL AND skipped IS NULL
              RETURNING 1)
            SELECT count(*) FROM cancelled
            """, as: Int.self, logger: logger) ?? 0
        let queued = try await c.rows("""
            SELECT o.id, o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id
            WHERE m.announcement_id = \(id) AND o.in_flight_at IS NULL
            """, logger: logger)
        let reason = stopCode.map { TemplateRefusal.reason(code: $0).description }
        for q in queued {
            let outboxID: Int64 = try q.value(0)
            let messageID: Int64 = try q.value(1)
            try await Self.cancelQueuedCopy(c, outboxID: outboxID, messageID: messageID, announcementID: id, at: now, reason: reason,
                                            logger: logger)
        }
        try await c.execute("""
            UPDATE announcements SET state = 'cancelled', cancelled_at = \(now.millis), cursor_customer_id = NULL,
                   cancelled_unsent = cancelled_unsent + \(unsent), stop_code = coalesce(\(stopCode), stop_code) WHERE id = \(id)
            """, logger: logger)
        return unsent + queued.count
    }

    /// Meta refused an announcement's template (``TemplateRefusal``): the announcement stops at once, saying why,
    /// and the template's status follows Meta's word (PAUSED / DISABLED stop it being offered).
    static func templateRefused(_ c: PostgresConnection, messageID: Int64, code: Int, at now: Date, logger: Logger) async throws {
        guard TemplateRefusal.stopsAnnouncement(code: code),
              let row = try await c.row("""
                SELECT m.announcement_id, m.template_name, a.state FROM messages m LEFT JOIN announcements a ON a.id = m.announcement_id
                WHERE m.id = \(messageID)
                """, logger: logger) else { return }
        let templateName: String? = try row.value("template_name")
        if let status = TemplateRefusal.templateStatus(afterCode: code), let name = templateName {
            try await c.execute("UPDATE templates SET status = \(status) WHERE name = \(name) AND status IS DISTINCT FROM \(status)",
                                logger: logger)
        }
        let announcementID: Int64? = try row.value("announcement_id")
        // Read again under the announcement's row lock: two gateways refused at once halt it once.
        guard let id = announcementID,
              try await c.scalar("SELECT state FROM announcements WHERE id = \(id) FOR UPDATE", as: String.self, logger: logger) == "sending"
        else { return }
        let notSent = try await halt(c, id, stopCode: code, at: now, logger: logger)
        try await PGWrites.audit(c, action: .announcement, actor: nil, conversationID: nil,
                                 detail: "#\(id) stopped: \(TemplateRefusal.reason(code: code)); \(notSent) recipients not sent to", at: now,
                                 logger: logger)
    }

    static func progress(_ c: PostgresConnection, _ id: Int64, logger: Logger) async throws -> AnnouncementProgress {
        guard let a = try await c.row("""
            SELECT state, recipients, cursor_customer_id, handled, skipped_opted_out, cancelled_unsent, cancelled_queued, stop_code
            FROM announcements WHERE id = \(id)
            """, logger: logger) else {
            throw NotFound("no announcement {1}", id)
        }
        var counts: [String: Int] = [:]
        for row in try await c.rows("SELECT status, count(*) FROM messages WHERE announcement_id = \(id) GROUP BY status", logger: logger) {
            let status: String = try row.value(0)
            let n: Int = try row.value(1)
            counts[status] = n
        }
        let total: Int = try a.value("recipients")
        let handled: Int = try a.value("handled")
        var state: String = try a.value("state")
        // Recipients the cursor has not reached yet (none for announcements queued before v2, or cancelled ones).
        let cancelledUnsent: Int = try a.value("cancelled_unsent")
        let cursor: Int64? = try a.value("cursor_customer_id")
        let unreached = cursor == nil ? 0 : max(0, total - handled)
        let cancelledQueued: Int = try a.value("cancelled_queued")
        let optedOut: Int = try a.value("skipped_opted_out")
        let queued = (counts["queued"] ?? 0) + unreached
        if state == "sending" && queued == 0 { state = "done" }
        let stopCode: Int? = try a.value("stop_code")
        if stopCode != nil { state = "stopped" }
        return AnnouncementProgress(id: id, state: state, total: total, queued: queued, sent: counts["sent"] ?? 0,
                                    delivered: counts["delivered"] ?? 0, read: counts["read"] ?? 0,
                                    failed: (counts["failed"] ?? 0) - cancelledQueued, cancelled: cancelledUnsent + cancelledQueued,
                                    optedOut: optedOut, stopCode: stopCode)
    }

    public func announcementProgress(_ id: Int64) async throws -> AnnouncementProgress {
        let logger = self.logger
        return try await read { conn in try await Self.progress(conn, id, logger: logger) }
    }

    public func activeAnnouncements() async throws -> [(template: String, progress: AnnouncementProgress)] {
        let recent = clock().addingTimeInterval(-Self.stoppedShownFor).millis
        let logger = self.logger
        let active: [ActiveAnnouncement] = try await read { conn in
            var out: [ActiveAnnouncement] = []
            // Only those with recipients still to reach or queued copies: finished ones keep state 'sending'
            // in the table, and the header asks on every message change.
            for row in try await conn.rows("""
                SELECT a.id, a.template_name FROM announcements a WHERE a.state = 'sending'
                  AND (a.cursor_customer_id IS NOT NULL
                       OR EXISTS (SELECT 1 FROM messages m WHERE m.announcement_id = a.id AND m.status = 'queued'))
                ORDER BY a.id
                """, logger: logger) {
                let id: Int64 = try row.value(0)
                let template: String = try row.value(1)
                let p = try await Self.progress(conn, id, logger: logger)
                if p.queued > 0 { out.append(ActiveAnnouncement(template: template, progress: p)) }
            }
            // Those Meta stopped lately stay in view, saying why, until a supervisor has had the day to see it.
            for row in try await conn.rows("""
                SELECT id, template_name FROM announcements WHERE stop_code IS NOT NULL AND cancelled_at >= \(recent) ORDER BY id
                """, logger: logger) {
                let id: Int64 = try row.value(0)
                let template: String = try row.value(1)
                let p = try await Self.progress(conn, id, logger: logger)
                out.append(ActiveAnnouncement(template: template, progress: p))
            }
            return out
        }
        return active.map { ($0.template, $0.progress) }
    }
}

extension PostgresStore {
    /// How long an announcement Meta stopped stays in the header.
    static let stoppedShownFor: TimeInterval = 24 * 3600
}

struct ActiveAnnouncement: Sendable { var template: String; var progress: AnnouncementProgress }

struct AnnouncementStart: Sendable { var id: Int64; var preview: AnnouncementPreview }

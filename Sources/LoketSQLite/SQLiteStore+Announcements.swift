import Foundation
import GRDB
public import LoketDomain
public import LoketStore

extension SQLiteStore {
    struct Recipient { var customerID: Int64; var phone: String?; var lastInbound: Int64? }

    /// The audience's WHERE clause (customers `cu` joined to their conversation `c`) and its arguments.
    static func audienceFilter(_ a: AudienceSpec) -> (String, [(any DatabaseValueConvertible)?]) {
        switch a {
        case .all: return ("", [])
        case .open: return (" AND c.state IN ('waiting', 'open', 'pending')", [])
        case .label(let l): return (" AND EXISTS (SELECT 1 FROM customer_labels l WHERE l.customer_id = cu.id AND l.label = ?)", [l])
        case .country(let cc): return (" AND cu.country = ?", [cc])
        }
    }

    /// FROM … WHERE for the audience's opted-in customers (`optedOut` picks the excluded ones instead).
    static func audienceSource(_ audience: AudienceSpec, optedOut: Bool) -> (String, StatementArguments) {
        let (filter, args) = audienceFilter(audience)
        return ("FROM customers cu LEFT JOIN conversations c ON c.customer_id = cu.id WHERE cu.opted_in = 1 AND cu.opted_out = \(optedOut ? 1 : 0)\(filter)",
                StatementArguments(args))
    }

    static func recipients(_ db: Database, _ audience: AudienceSpec) throws -> (included: [Recipient], excluded: Int) {
        if case .label(let name) = audience {
            // A mistyped label is bad input, not an empty audience.
            let labels = try String.fetchAll(db, sql: "SELECT DISTINCT label FROM customer_labels ORDER BY label")
            guard labels.contains(name) else {
                throw InputError("no customer has the label '\(name)'; labels in use: "
                                 + (labels.isEmpty ? "none yet" : labels.joined(separator: ", ")))
            }
        }
        let (source, args) = audienceSource(audience, optedOut: false)
        let included = try Row.fetchAll(db, sql: "SELECT DISTINCT cu.id, cu.wa_id, c.last_inbound_at \(source)", arguments: args).map {
            try Recipient(customerID: $0.value(0), phone: $0.value(1), lastInbound: $0.value(2))
        }
        let (excludedSource, excludedArgs) = audienceSource(audience, optedOut: true)
        let excluded = try Int.fetchOne(db, sql: "SELECT count(DISTINCT cu.id) \(excludedSource)", arguments: excludedArgs) ?? 0
        return (included, excluded)
    }

    func preview(_ db: Database, template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                 by: String, now: Date) throws -> (AnnouncementPreview, TemplateSend, StoredTemplate) {
        try TeamRules.announce(by: try Writes.actor(db, login: by))
        let t = try Self.approvedTemplate(db, name: template, language: language)
        let send = try t.layout.resolve(values, name: template, language: t.language)
        let body = t.layout.render(send)
        guard let category = PricingCategory(rawValue: t.category) else { throw WrongColumnType(column: "category", table: "templates", unknownValue: true) }
        let (included, excluded) = try Self.recipients(db, audience)
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
        return try await read { db in try self.preview(db, template: template, language: language, values: values,
                                                       audience: audience, by: by, now: now).0 }
    }

    public func startAnnouncement(template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                                  by: String) async throws -> (id: Int64, preview: AnnouncementPreview) {
        let now = clock()
        let result: AnnouncementStart = try await write { db in
            let (p, send, t) = try self.preview(db, template: template, language: language, values: values,
                                                audience: audience, by: by, now: now)
            guard p.recipients > 0 else { throw Refusal("nobody in audience {1} can receive it ({2} opted out)", audience, p.excludedOptedOut) }
            let params = try Self.encode(send)
            try db.execute(sql: """
                INSERT INTO announcements (template_name, language, parameters, audience, created_by, state, recipients,
                                           excluded_opted_out, estimated_micros, created_at, body, template_category, cursor_customer_id)
                VALUES (?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, ?, ?, 0)
                """, arguments: [template, t.language, params, audience.description, by, p.recipients, p.excludedOptedOut,
                                 p.estimatedCost.micros, now.millis, p.body, t.category])
            let id = db.lastInsertedRowID
            // The recipient list, in one statement; messages are made just ahead of sending (materialize).
            let (source, args) = Self.audienceSource(audience, optedOut: false)
            try db.execute(sql: "INSERT OR IGNORE INTO announcement_recipients (announcement_id, customer_id) SELECT \(id), cu.id \(source)",
                           arguments: args)
            try Writes.audit(db, action: .announcement, actor: by, conversationID: nil,
                             detail: "#\(id) \(template) to \(audience): \(p.recipients) recipients, \(p.excludedOptedOut) opted out excluded, estimated \(p.estimatedCost)",
                             at: now)
            return AnnouncementStart(id: id, preview: p)
        }
        return (result.id, result.preview)
    }

    /// Turns up to `limit` announcement recipients into messages and outbox rows, oldest announcement first,
    /// each following its cursor. A recipient who opted out since it was queued is skipped.
    static func materializeAnnouncements(_ db: Database, limit: Int, now: Date) throws {
        var room = limit
        let active = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, template_name, template_category, parameters, body, created_by, cursor_customer_id FROM announcements
            WHERE state = 'sending' AND cursor_customer_id IS NOT NULL ORDER BY id
            """))
        for a in active where room > 0 {
            let id: Int64 = try a.value("id")
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.customer_id, cu.opted_out, cu.profile_name, cu.wa_id FROM announcement_recipients r JOIN customers cu ON cu.id = r.customer_id
                WHERE r.announcement_id = ? AND r.customer_id > ? ORDER BY r.customer_id LIMIT ?
                """), arguments: [id, a.value("cursor_customer_id") as Int64, room])
            // `{{customer.name}}` in a parameter is filled for each recipient, in what they read and what is sent.
            let parametersJSON: String? = try a.value("parameters")
            let sendData = parametersJSON.flatMap(Self.decodeTemplateSend)
            let personal = sendData.map { AnnouncementParameters.arePersonal($0) } ?? false
            var optedOut = 0
            for r in rows {
                let customerID: Int64 = try r.value(0)
                if try r.value(1) as Bool {
                    optedOut += 1
                    try db.cachedStatement(sql: """
                        UPDATE announcement_recipients SET skipped = 'opted_out' WHERE announcement_id = ? AND customer_id = ?
                        """).execute(arguments: [id, customerID])
                    continue
                }
                let conversationID = try Writes.conversation(db, customerID: customerID, at: now)
                var body: String = try a.value("body") ?? "", payload = parametersJSON
                if personal, let data = sendData {
                    let (name, wa): (String?, String?) = (try r.value(2), try r.value(3))
                    let number = wa.map { "+" + $0 } ?? ""
                    body = AnnouncementParameters.fill(body, profileName: name, number: number)
                    payload = try Self.encode(data.mapText { AnnouncementParameters.fill($0, profileName: name, number: number) })
                }
                let messageID = try Writes.insertMessage(db, .init(
                    conversationID: conversationID, direction: .outbound, kind: .template, body: body, status: .queued,
                    agent: a.value("created_by"), payload: payload, templateName: a.value("template_name"),
                    templateCategory: a.value("template_category"), announcementID: id, at: now))
                try Writes.enqueue(db, messageID: messageID, customerID: customerID, kind: "template", at: now)
                try db.cachedStatement(sql: """
                    UPDATE announcement_recipients SET message_id = ? WHERE announcement_id = ? AND customer_id = ?
                    """).execute(arguments: [messageID, id, customerID])
            }
            // Fewer than asked for: this was the last of them.
            let cursor: Int64? = try rows.count < room ? nil : rows.last?.value(0)
            room -= rows.count
            try db.cachedStatement(sql: """
                UPDATE announcements SET cursor_customer_id = ?, handled = handled + ?, skipped_opted_out = skipped_opted_out + ?
                WHERE id = ?
                """).execute(arguments: [cursor, rows.count, optedOut, id])
        }
    }

    /// A queued copy of a cancelled announcement that was not handed to the Cloud API: never sent.
    static func cancelQueuedCopy(_ db: Database, outboxID: Int64, messageID: Int64, announcementID: Int64, at: Date,
                                 reason: String? = nil) throws {
        try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?").execute(arguments: [outboxID])
        try db.cachedStatement(sql: """
            UPDATE messages SET status = 'failed', error_title = ?, updated_at = ? WHERE id = ?
            """).execute(arguments: [reason.map { "announcement stopped before sending: \($0)" } ?? "announcement cancelled before sending",
                                     at.millis, messageID])
        try db.cachedStatement(sql: """
            UPDATE announcement_recipients SET skipped = 'cancelled' WHERE announcement_id = ? AND message_id = ?
            """).execute(arguments: [announcementID, messageID])
        try db.cachedStatement(sql: "UPDATE announcements SET cancelled_queued = cancelled_queued + 1 WHERE id = ?")
            .execute(arguments: [announcementID])
    }

    public func cancelAnnouncement(_ id: Int64, by: String) async throws -> AnnouncementProgress {
        let now = clock()
        try await write { db in
            try TeamRules.announce(by: try Writes.actor(db, login: by))
            // `sending` means something is still queued (progress says `done` otherwise); NotFound for a wrong id.
            guard try Self.progress(db, id).state == "sending" else {
                throw Refusal("announcement #{1} has nothing left to send", id)
            }
            let notSent = try Self.halt(db, id, stopCode: nil, at: now)
            try Writes.audit(db, action: .announcement, actor: by, conversationID: nil,
                             detail: "#\(id) cancelled: \(notSent) recipients not sent to", at: now)
        }
        return try await announcementProgress(id)
    }

    /// Stops an announcement: recipients not reached and copies not yet handed to the Cloud API are not sent
    /// (counted as cancelled); copies on the wire finish. `stopCode`: Meta's refusal of the template that stopped it.
    /// Returns how many were not sent.
    static func halt(_ db: Database, _ id: Int64, stopCode: Int?, at now: Date) throws -> Int {
        try db.execute(sql: """
            UPDATE announcement_recipients SET skipped = 'cancelled' WHERE announcement_id = ? AND message_id IS NULL AND skipped IS NULL
            """, arguments: [id])
        let unsent = db.changesCount
        let queued = try Row.fetchAll(db, sql: """
            SELECT o.id, o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id
            WHERE m.announcement_id = ? AND o.in_flight_at IS NULL
            """, arguments: [id])
        for q in queued {
            try Self.cancelQueuedCopy(db, outboxID: q.value(0), messageID: q.value(1), announcementID: id, at: now,
                                      reason: stopCode.map { TemplateRefusal.reason(code: $0).description })
        }
        try db.execute(sql: """
            UPDATE announcements SET state = 'cancelled', cancelled_at = ?, cursor_customer_id = NULL,
                   cancelled_unsent = cancelled_unsent + ?, stop_code = COALESCE(?, stop_code) WHERE id = ?
            """, arguments: [now.millis, unsent, stopCode, id])
        return unsent + queued.count
    }

    /// Meta refused an announcement's template (``TemplateRefusal``): the announcement stops at once, saying why,
    /// and the template's status follows Meta's word (PAUSED / DISABLED stop it being offered).
    static func templateRefused(_ db: Database, messageID: Int64, code: Int, at now: Date) throws {
        guard TemplateRefusal.stopsAnnouncement(code: code),
              let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT m.announcement_id, m.template_name, a.state FROM messages m LEFT JOIN announcements a ON a.id = m.announcement_id
                WHERE m.id = ?
                """), arguments: [messageID]) else { return }
        if let status = TemplateRefusal.templateStatus(afterCode: code), let name: String = try row.value("template_name") {
            try db.execute(sql: "UPDATE templates SET status = ? WHERE name = ? AND status IS NOT ?", arguments: [status, name, status])
        }
        guard let id: Int64 = try row.value("announcement_id"), try row.value("state") as String? == "sending" else { return }
        let notSent = try halt(db, id, stopCode: code, at: now)
        try Writes.audit(db, action: .announcement, actor: nil, conversationID: nil,
                         detail: "#\(id) stopped: \(TemplateRefusal.reason(code: code)); \(notSent) recipients not sent to", at: now)
    }

    static func progress(_ db: Database, _ id: Int64) throws -> AnnouncementProgress {
        guard let a = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT state, recipients, cursor_customer_id, handled, skipped_opted_out, cancelled_unsent, cancelled_queued, stop_code
            FROM announcements WHERE id = ?
            """), arguments: [id]) else {
            throw NotFound("no announcement {1}", id)
        }
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT status, count(*) FROM messages WHERE announcement_id = ? GROUP BY status"),
                                    arguments: [id]) {
            let status: String = try row.value(0)
            counts[status] = try row.value(1)
        }
        let total: Int = try a.value("recipients")
        let handled: Int = try a.value("handled")
        var state: String = try a.value("state")
        // Recipients the cursor has not reached yet (none for announcements queued before v2, or cancelled ones).
        let cancelledUnsent: Int = try a.value("cancelled_unsent")
        let unreached = try (a.value("cursor_customer_id") as Int64?) == nil ? 0 : max(0, total - handled)
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
        try await read { db in try Self.progress(db, id) }
    }

    public func activeAnnouncements() async throws -> [(template: String, progress: AnnouncementProgress)] {
        let recent = clock().addingTimeInterval(-Self.stoppedShownFor).millis
        let active: [ActiveAnnouncement] = try await read { db in
            // Only those with recipients still to reach or queued copies: finished ones keep state 'sending'
            // in the table, and the header asks on every message change.
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.template_name FROM announcements a WHERE a.state = 'sending'
                  AND (a.cursor_customer_id IS NOT NULL
                       OR EXISTS (SELECT 1 FROM messages m WHERE m.announcement_id = a.id AND m.status = 'queued'))
                ORDER BY a.id
                """)
                .compactMap { row in
                    let p = try Self.progress(db, row.value(0))
                    return try p.queued > 0 ? ActiveAnnouncement(template: row.value(1), progress: p) : nil
                }
            // Those Meta stopped lately stay in view, saying why, until a supervisor has had the day to see it.
            + Row.fetchAll(db, sql: """
                SELECT id, template_name FROM announcements WHERE stop_code IS NOT NULL AND cancelled_at >= ? ORDER BY id
                """, arguments: [recent]).map { row in try ActiveAnnouncement(template: row.value(1), progress: Self.progress(db, row.value(0))) }
        }
        return active.map { ($0.template, $0.progress) }
    }
}

extension SQLiteStore {
    /// How long an announcement Meta stopped stays in the header.
    static let stoppedShownFor: TimeInterval = 24 * 3600
}

struct ActiveAnnouncement: Sendable { var template: String; var progress: AnnouncementProgress }

struct AnnouncementStart: Sendable { var id: Int64; var preview: AnnouncementPreview }

import Foundation
import GRDB
import LoketDomain
import LoketStore

extension SQLiteStore {
    struct Recipient { var customerID: Int64; var conversationID: Int64?; var phone: String?; var lastInbound: Int64? }

    /// The audience's WHERE clause (customers `cu` joined to their conversation `c`) and its arguments.
    static func audienceFilter(_ a: AudienceSpec) -> (String, [(any DatabaseValueConvertible)?]) {
        switch a {
        case .all: return ("", [])
        case .open: return (" AND c.state IN ('waiting', 'open', 'pending')", [])
        case .label(let l): return (" AND EXISTS (SELECT 1 FROM customer_labels l WHERE l.customer_id = cu.id AND l.label = ?)", [l])
        case .country(let cc): return (" AND cu.country = ?", [cc])
        }
    }

    static func recipients(_ db: Database, _ audience: AudienceSpec) throws -> (included: [Recipient], excluded: Int) {
        let (filter, args) = audienceFilter(audience)
        let base = "FROM customers cu LEFT JOIN conversations c ON c.customer_id = cu.id WHERE cu.opted_in = 1\(filter)"
        let included = try Row.fetchAll(db, sql: "SELECT cu.id, c.id, cu.wa_id, c.last_inbound_at \(base) AND cu.opted_out = 0 ORDER BY cu.id",
                                        arguments: StatementArguments(args)).map {
            Recipient(customerID: $0[0], conversationID: $0[1], phone: $0[2], lastInbound: $0[3])
        }
        let excluded = try Int.fetchOne(db, sql: "SELECT count(*) \(base) AND cu.opted_out = 1", arguments: StatementArguments(args)) ?? 0
        return (included, excluded)
    }

    func preview(_ db: Database, template: String, language: String?, parameters: [String], audience: AudienceSpec,
                 by: String, now: Date) throws -> (AnnouncementPreview, [Recipient], StoredTemplate) {
        try TeamRules.announce(by: try Writes.actor(db, login: by))
        let t = try Self.approvedTemplate(db, name: template, language: language)
        let body = try TemplateRendering.render(t.body, parameters: parameters, placeholders: t.placeholders, name: template)
        let category = PricingCategory(rawValue: t.category) ?? .marketing
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
                                    recipients: included.count, excludedOptedOut: excluded, estimatedCost: cost), included, t)
    }

    public func previewAnnouncement(template: String, language: String?, parameters: [String], audience: AudienceSpec,
                                    by: String) async throws -> AnnouncementPreview {
        let now = clock()
        return try await read { db in try self.preview(db, template: template, language: language, parameters: parameters,
                                                       audience: audience, by: by, now: now).0 }
    }

    public func startAnnouncement(template: String, language: String?, parameters: [String], audience: AudienceSpec,
                                  by: String) async throws -> (id: Int64, preview: AnnouncementPreview) {
        let now = clock()
        let result: AnnouncementStart = try await write { db in
            let (p, recipients, t) = try self.preview(db, template: template, language: language, parameters: parameters,
                                                      audience: audience, by: by, now: now)
            guard p.recipients > 0 else { throw Refusal("nobody in audience \(audience) can receive it (\(p.excludedOptedOut) opted out)") }
            let params = String(decoding: try JSONEncoder().encode(TemplatePayload(language: t.language, parameters: parameters)), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO announcements (template_name, language, parameters, audience, created_by, state, recipients,
                                           excluded_opted_out, estimated_micros, created_at)
                VALUES (?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?)
                """, arguments: [template, t.language, params, audience.description, by, p.recipients, p.excludedOptedOut,
                                 p.estimatedCost.micros, now.millis])
            let id = db.lastInsertedRowID
            for r in recipients {
                let conversationID = try r.conversationID ?? Writes.conversation(db, customerID: r.customerID, at: now)
                let messageID = try Writes.insertMessage(db, .init(
                    conversationID: conversationID, direction: .outbound, kind: .template, body: p.body, status: .queued,
                    agent: by, payload: params, templateName: template, templateCategory: t.category, announcementID: id, at: now))
                try db.cachedStatement(sql: """
                    INSERT INTO outbox (message_id, customer_id, kind, next_attempt_at, created_at) VALUES (?, ?, 'template', ?, ?)
                    """).execute(arguments: [messageID, r.customerID, now.millis, now.millis])
                try db.cachedStatement(sql: "INSERT INTO announcement_recipients (announcement_id, customer_id, message_id) VALUES (?, ?, ?)")
                    .execute(arguments: [id, r.customerID, messageID])
            }
            try Writes.audit(db, action: .announcement, actor: by, conversationID: nil,
                             detail: "#\(id) \(template) to \(audience): \(p.recipients) recipients, \(p.excludedOptedOut) opted out excluded, estimated \(p.estimatedCost)",
                             at: now)
            return AnnouncementStart(id: id, preview: p)
        }
        return (result.id, result.preview)
    }

    public func announcementProgress(_ id: Int64) async throws -> AnnouncementProgress {
        try await read { db in
            guard let a = try Row.fetchOne(db, sql: "SELECT state, recipients FROM announcements WHERE id = ?", arguments: [id]) else {
                throw NotFound("no announcement \(id)")
            }
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM messages WHERE announcement_id = ? GROUP BY status",
                                        arguments: [id]) {
                counts[row[0]] = row[1]
            }
            var state: String = a["state"]
            if state == "sending" && (counts["queued"] ?? 0) == 0 { state = "done" }
            return AnnouncementProgress(id: id, state: state, total: a["recipients"], queued: counts["queued"] ?? 0,
                                        sent: counts["sent"] ?? 0, delivered: counts["delivered"] ?? 0, read: counts["read"] ?? 0,
                                        failed: counts["failed"] ?? 0)
        }
    }
}

extension SQLiteStore {
    public func activeAnnouncements() async throws -> [(template: String, progress: AnnouncementProgress)] {
        let active: [ActiveAnnouncement] = try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.template_name FROM announcements a
                WHERE a.state = 'sending' AND EXISTS (SELECT 1 FROM messages m WHERE m.announcement_id = a.id AND m.status = 'queued')
                ORDER BY a.id
                """).map { ActiveAnnouncement(id: $0[0], template: $0[1]) }
        }
        var out: [(template: String, progress: AnnouncementProgress)] = []
        for a in active { out.append((a.template, try await announcementProgress(a.id))) }
        return out
    }
}

struct ActiveAnnouncement: Sendable { var id: Int64; var template: String }

struct AnnouncementStart: Sendable { var id: Int64; var preview: AnnouncementPreview }

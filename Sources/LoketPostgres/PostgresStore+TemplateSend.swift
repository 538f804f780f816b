import Foundation
import Logging
public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func sendTemplate(_ ref: ConversationRef, by agent: String, name: String, language: String?,
                             values: TemplateValues) async throws -> Message {
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await write { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            let actor = try await PGWrites.actor(conn, login: agent, logger: logger)
            let template = try await Self.approvedTemplate(conn, name: name, language: language, logger: logger)
            let send = try template.layout.resolve(values, name: name, language: template.language)
            let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
            let t = try ConversationRules.sendTemplate(facts, by: actor)
            try await PGWrites.apply(conn, t, conversationID: id, previous: facts, actor: agent, reason: nil, at: now, logger: logger)
            try await PGWrites.readReceiptForAnswer(conn, by: agent, holder: t.assignee, conversationID: id, at: now, logger: logger)
            let messageID = try await PGWrites.insertMessage(conn, .init(
                conversationID: id, direction: .outbound, kind: .template, body: template.layout.render(send), status: .queued,
                agent: agent, payload: try Self.encode(send), templateName: name, templateCategory: template.category, at: now),
                logger: logger)
            try await PGWrites.enqueue(conn, messageID: messageID, conversationID: id, kind: "template", at: now, logger: logger)
            return try await Self.fetchMessage(conn, id: messageID, currency: currency, logger: logger)
        }
    }

    /// A template send as kept with its message (and an announcement).
    static func encode(_ send: TemplateSend) throws -> String { String(decoding: try JSONEncoder().encode(send), as: UTF8.self) }

    struct StoredTemplate: Sendable {
        var language: String; var category: String
        /// Its header, body, footer and buttons.
        var layout: TemplateLayout
    }

    /// The approved template `name` (in `language`, or its only/first approved language).
    static func approvedTemplate(_ c: PostgresConnection, name: String, language: String?, logger: Logger) async throws -> StoredTemplate {
        let rows = try await c.rows("""
            SELECT language, category, status, components, parameter_format FROM templates WHERE name = \(name) ORDER BY language COLLATE "C"
            """, logger: logger)
        guard !rows.isEmpty else { throw NotFound("no template '{1}'; import them with loket templates import FILE", name) }
        let candidates = try language.map { l in try rows.filter { try $0.value("language") as String == l } } ?? rows
        guard let row = try candidates.first(where: { TemplateStatus.maySend(try $0.value("status")) }) ?? candidates.first else {
            let languages = try rows.map { try $0.value("language") as String }
            throw NotFound("template '\(name)' has no language '\(language ?? "")'; it has \(languages.joined(separator: ", "))")
        }
        let status: String = try row.value("status")
        guard TemplateStatus.maySend(status) else {
            throw Refusal("template '{1}' is {2}, not APPROVED; only approved templates can be sent", name, status)
        }
        return try StoredTemplate(language: row.value("language"), category: row.value("category"),
                                  layout: TemplateLayout(componentsJSON: row.value("components"), parameterFormat: row.value("parameter_format")))
    }
}

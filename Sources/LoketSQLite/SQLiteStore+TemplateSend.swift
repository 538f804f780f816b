import Foundation
import GRDB
public import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func sendTemplate(_ ref: ConversationRef, by agent: String, name: String, language: String?,
                             values: TemplateValues) async throws -> Message {
        let now = clock()
        let currency = self.currency
        return try await write { db in
            let id = try Writes.resolve(db, ref)
            let actor = try Writes.actor(db, login: agent)
            let template = try Self.approvedTemplate(db, name: name, language: language)
            let send = try template.layout.resolve(values, name: name, language: template.language)
            let facts = try Writes.facts(db, conversationID: id)
            let t = try ConversationRules.sendTemplate(facts, by: actor)
            try Writes.apply(db, t, conversationID: id, previous: facts, actor: agent, reason: nil, at: now)
            try Writes.readReceiptForAnswer(db, by: agent, holder: t.assignee, conversationID: id, at: now)
            let messageID = try Writes.insertMessage(db, .init(
                conversationID: id, direction: .outbound, kind: .template, body: template.layout.render(send), status: .queued,
                agent: agent, payload: try Self.encode(send), templateName: name, templateCategory: template.category, at: now))
            try Writes.enqueue(db, messageID: messageID, conversationID: id, kind: "template", at: now)
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }

    /// A template send as kept with its message (and an announcement).
    static func encode(_ send: TemplateSend) throws -> String { String(decoding: try JSONEncoder().encode(send), as: UTF8.self) }

    struct StoredTemplate {
        var language: String; var category: String
        /// Its header, body, footer and buttons.
        var layout: TemplateLayout
    }

    /// The approved template `name` (in `language`, or its only/first approved language).
    static func approvedTemplate(_ db: Database, name: String, language: String?) throws -> StoredTemplate {
        let rows = try Row.fetchAll(db, sql: "SELECT language, category, status, components, parameter_format FROM templates WHERE name = ? ORDER BY language",
                                    arguments: [name])
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

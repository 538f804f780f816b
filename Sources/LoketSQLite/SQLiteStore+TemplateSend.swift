import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func sendTemplate(_ ref: ConversationRef, by agent: String, name: String, language: String?,
                             parameters: [String]) async throws -> Message {
        let now = clock()
        let currency = self.currency
        return try await write { db in
            let id = try Writes.resolve(db, ref)
            let actor = try Writes.actor(db, login: agent)
            let template = try Self.approvedTemplate(db, name: name, language: language)
            let body = try TemplateRendering.render(template.body, parameters: parameters, placeholders: template.placeholders,
                                                    name: name)
            let facts = try Writes.facts(db, conversationID: id)
            let t = try ConversationRules.sendTemplate(facts, by: actor)
            try Writes.apply(db, t, conversationID: id, previous: facts, actor: agent, reason: nil, at: now)
            try Writes.readReceiptForAnswer(db, by: agent, holder: t.assignee, conversationID: id, at: now)
            let payload = String(decoding: try JSONEncoder().encode(TemplatePayload(language: template.language, parameters: parameters,
                                                                                   names: template.parameterNames)),
                                 as: UTF8.self)
            let messageID = try Writes.insertMessage(db, .init(
                conversationID: id, direction: .outbound, kind: .template, body: body, status: .queued, agent: agent,
                payload: payload, templateName: name, templateCategory: template.category, at: now))
            try Writes.enqueue(db, messageID: messageID, conversationID: id, kind: "template", at: now)
            return try Self.fetchMessage(db, id: messageID, currency: currency)
        }
    }

    struct StoredTemplate {
        var language: String; var category: String; var body: String; var placeholders: [String]
        /// `named` templates take each body parameter with its `parameter_name`.
        var named = false
        /// The names a send gives its parameters (nil for positional templates).
        var parameterNames: [String]? { named ? placeholders : nil }
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
        let components: String = try row.value("components")
        let body = TemplateRendering.body(ofComponents: components) ?? ""
        return try StoredTemplate(language: row.value("language"), category: row.value("category"), body: body,
                                  placeholders: TemplateRendering.placeholders(in: body),
                                  named: (row.value("parameter_format") as String?) == "named")
    }
}

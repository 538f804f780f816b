import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func customerProfile(_ ref: ConversationRef) async throws -> CustomerProfile {
        let codes = rateCard?.callingCodes
        return try await read { db in
            let id = try Writes.resolve(db, ref)
            guard let row = try Row.fetchOne(db, sql: "\(Self.conversationSelect) WHERE c.id = :id", arguments: ["agent": "", "id": id]) else {
                throw NotFound("no \(ref)")
            }
            let summary = try Rows.conversation(row)
            // Messages and resolves in time order: an episode starts with a customer's message and ends at a resolve.
            var events: [(at: Int64, order: Int, kind: String, actor: String?)] = []
            for m in try Row.fetchAll(db, sql: "SELECT created_at, direction FROM messages WHERE conversation_id = ? AND direction IN ('in', 'out')",
                                      arguments: [id]) {
                events.append((try m.value("created_at"), 0, try m.value("direction"), nil))
            }
            for a in try Row.fetchAll(db, sql: "SELECT at, actor FROM audit WHERE conversation_id = ? AND action = 'resolve'", arguments: [id]) {
                events.append((try a.value("at"), 1, "resolve", try a.value("actor")))
            }
            events.sort { ($0.at, $0.order) < ($1.at, $1.order) }
            var episodes: [CustomerProfile.Episode] = []
            var current: CustomerProfile.Episode?
            for e in events {
                switch e.kind {
                case "resolve":
                    if var c = current {
                        c.resolvedAt = Date(millis: e.at); c.resolvedBy = e.actor
                        episodes.append(c); current = nil
                    }
                case "in":
                    if current == nil { current = .init(openedAt: Date(millis: e.at), resolvedAt: nil, resolvedBy: nil, messages: 0) }
                    current?.messages += 1
                default:
                    current?.messages += 1
                }
            }
            if let c = current { episodes.append(c) }
            let market = summary.customer.phone.flatMap { codes?.lookup($0)?.market }
            return CustomerProfile(conversation: summary, market: market,
                                   timeZone: CountryTimeZone.identifier(forCountry: summary.customer.country), episodes: episodes)
        }
    }
}

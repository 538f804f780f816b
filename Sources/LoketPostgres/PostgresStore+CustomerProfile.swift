import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func customerProfile(_ ref: ConversationRef) async throws -> CustomerProfile {
        let codes = rateCard?.callingCodes
        let logger = self.logger
        return try await read { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            guard let row = try await Self.conversationRow(conn, id: id, agent: "", logger: logger) else {
                throw NotFound("no \(ref)")
            }
            let summary = try PGRows.conversation(row)
            // Messages and resolves in time order: an episode starts with a customer's message and ends at a resolve.
            var events: [(at: Int64, order: Int, kind: String, actor: String?)] = []
            for m in try await conn.rows("""
                SELECT created_at, direction FROM messages WHERE conversation_id = \(id) AND direction IN ('in', 'out')
                """, logger: logger) {
                let at: Int64 = try m.value("created_at")
                let direction: String = try m.value("direction")
                events.append((at, 0, direction, nil))
            }
            for a in try await conn.rows("SELECT at, actor FROM audit WHERE conversation_id = \(id) AND action = 'resolve'", logger: logger) {
                let at: Int64 = try a.value("at")
                let actor: String? = try a.value("actor")
                events.append((at, 1, "resolve", actor))
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

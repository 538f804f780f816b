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
            let messages = try await conn.rows("""
                SELECT created_at, direction FROM messages WHERE conversation_id = \(id) AND direction IN ('in', 'out')
                """, logger: logger).map { (at: try $0.value("created_at") as Int64, direction: try $0.value("direction") as String) }
            let resolutions = try await conn.rows("SELECT at, actor FROM audit WHERE conversation_id = \(id) AND action = 'resolve'",
                                                  logger: logger).map { (at: try $0.value("at") as Int64, by: try $0.value("actor") as String?) }
            let episodes = CustomerProfile.episodes(messages: messages, resolutions: resolutions)
            let market = summary.customer.phone.flatMap { codes?.lookup($0)?.market }
            return CustomerProfile(conversation: summary, market: market,
                                   timeZone: CountryTimeZone.identifier(forCountry: summary.customer.country), episodes: episodes)
        }
    }
}

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
            let messages = try Row.fetchAll(db, sql: "SELECT created_at, direction FROM messages WHERE conversation_id = ? AND direction IN ('in', 'out')",
                                            arguments: [id]).map { (at: try $0.value("created_at") as Int64, direction: try $0.value("direction") as String) }
            let resolutions = try Row.fetchAll(db, sql: "SELECT at, actor FROM audit WHERE conversation_id = ? AND action = 'resolve'", arguments: [id])
                .map { (at: try $0.value("at") as Int64, by: try $0.value("actor") as String?) }
            let episodes = CustomerProfile.episodes(messages: messages, resolutions: resolutions)
            let market = summary.customer.phone.flatMap { codes?.lookup($0)?.market }
            return CustomerProfile(conversation: summary, market: market,
                                   timeZone: CountryTimeZone.identifier(forCountry: summary.customer.country), episodes: episodes)
        }
    }
}

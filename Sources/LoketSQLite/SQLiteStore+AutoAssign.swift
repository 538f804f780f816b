import Foundation
import GRDB
import LoketDomain
import LoketStore

extension SQLiteStore {
    public func autoAssignWaiting(limit: Int) async throws -> [(conversation: Int64, agent: String)] {
        let now = clock()
        let cutoff = now.addingTimeInterval(-Self.presenceTimeout).millis
        let pairs: [AssignedPair] = try await write { db in
            let waiting = try Int64.fetchAll(db, sql: """
                SELECT id FROM conversations WHERE state = 'waiting' AND assignee IS NULL ORDER BY waiting_since, id LIMIT ?
                """, arguments: [limit])
            guard !waiting.isEmpty else { return [] }
            var candidates = try Row.fetchAll(db, sql: """
                SELECT a.login, a.capacity,
                       (p.heartbeat_at IS NOT NULL AND p.heartbeat_at >= ?) AS online,
                       (SELECT count(*) FROM conversations c WHERE c.assignee = a.login AND c.state IN ('open', 'pending')) AS load,
                       (SELECT MAX(at) FROM audit WHERE to_agent = a.login AND action IN ('claim', 'assign', 'reassign')) AS last_assigned
                FROM agents a LEFT JOIN presence p ON p.agent = a.login
                """, arguments: [cutoff]).map { row in
                try WrongColumnType.inTable("agents") {
                    try RoundRobin.Candidate(login: row.value("login"), online: row.value("online"), load: row.value("load"),
                                             capacity: row.value("capacity"), lastAssignedAt: (row.value("last_assigned") as Int64?).date)
                }
            }
            var out: [AssignedPair] = []
            for id in waiting {
                guard let login = RoundRobin.choose(candidates) else { break }
                let facts = try Writes.facts(db, conversationID: id)
                guard let t = ConversationRules.autoAssign(facts, to: login) else { continue }
                try Writes.apply(db, t, conversationID: id, previous: facts, actor: "auto", reason: "round robin", at: now)
                RoundRobin.assigned(login, in: &candidates, at: now)
                out.append(AssignedPair(conversation: id, agent: login))
            }
            return out
        }
        return pairs.map { ($0.conversation, $0.agent) }
    }
}

struct AssignedPair: Sendable { var conversation: Int64; var agent: String }

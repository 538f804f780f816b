import Foundation
import Logging
import LoketDomain
import LoketStore
import PostgresNIO

extension PostgresStore {
    /// Several gateways may run it at once: each takes waiting conversations no other is assigning (SKIP LOCKED);
    /// SERIALIZABLE keeps two from giving one agent more than their capacity (one is run again).
    public func autoAssignWaiting(limit: Int) async throws -> [(conversation: Int64, agent: String)] {
        let now = clock()
        let cutoff = now.addingTimeInterval(-PresenceTimings.timeout).millis
        let logger = self.logger
        // READ COMMITTED: the waiting conversations are locked (skipping those another gateway is assigning), then every
        // agent's workload lock (in the locks' order, so two never wait for each other), and only then are their loads
        // counted, by a statement that sees whatever an agent's own claim committed before it let go of their lock
        // (``PGWrites/workload`` takes it the same way).
        let pairs: [AssignedPair] = try await writeLocking { conn in
            var waiting: [Int64] = []
            for row in try await conn.rows("""
                SELECT id FROM conversations WHERE state = 'waiting' AND assignee IS NULL
                ORDER BY waiting_since NULLS FIRST, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger) {
                let id: Int64 = try row.value(0)
                waiting.append(id)
            }
            guard !waiting.isEmpty else { return [] }
            try await conn.execute("""
                SELECT pg_advisory_xact_lock(\(PGWrites.workloadLock), k) FROM (SELECT DISTINCT hashtext(login) AS k FROM agents) a ORDER BY k
                """, logger: logger)
            var candidates = try await conn.rows("""
                SELECT a.login, a.capacity,
                       (p.heartbeat_at IS NOT NULL AND p.heartbeat_at >= \(cutoff)) AS online,
                       (SELECT count(*) FROM conversations c WHERE c.assignee = a.login AND c.state IN ('open', 'pending')) AS load,
                       (SELECT max(at) FROM audit WHERE to_agent = a.login AND action IN ('claim', 'assign', 'reassign')) AS last_assigned
                FROM agents a LEFT JOIN presence p ON p.agent = a.login
                """, logger: logger).map { row throws -> RoundRobin.Candidate in
                let lastAssigned: Int64? = try row.value("last_assigned")
                return try RoundRobin.Candidate(login: row.value("login"), online: row.value("online"), load: row.value("load"),
                                                capacity: row.value("capacity"), lastAssignedAt: lastAssigned.date)
            }
            var out: [AssignedPair] = []
            for id in waiting {
                guard let login = RoundRobin.choose(candidates) else { break }
                let facts = try await PGWrites.facts(conn, conversationID: id, logger: logger)
                guard let t = ConversationRules.autoAssign(facts, to: login) else { continue }
                try await PGWrites.apply(conn, t, conversationID: id, previous: facts, actor: "auto", reason: "round robin", at: now,
                                         logger: logger)
                RoundRobin.assigned(login, in: &candidates, at: now)
                out.append(AssignedPair(conversation: id, agent: login))
            }
            return out
        }
        return pairs.map { ($0.conversation, $0.agent) }
    }
}

struct AssignedPair: Sendable { var conversation: Int64; var agent: String }

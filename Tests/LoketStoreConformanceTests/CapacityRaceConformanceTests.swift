import Foundation
import Testing
import LoketDomain
import LoketStore
import LoketTestSupport

/// An agent's capacity holds when the chats that would fill it are taken at the same moment: by the agent's own claims
/// on several connections and by auto-assignment. PostgreSQL runs these READ COMMITTED under row and workload locks
/// (no predicate locks to catch a second count), so this is the test that fails if a path counts without the lock.
@Suite struct CapacityRaceConformanceTests {
    @Test(arguments: Backend.allCases) func claimsAndAutoAssignmentAtOnceNeverFillAnAgentPastCapacity(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        for round in 0..<8 {
            let login = "rina\(round)"
            try await s.addAgent(login: login, name: "Rina \(round)", role: .agent, capacity: 1)
            try await s.heartbeat(agent: login, session: login, viewing: nil, typing: nil)
            let result = try await s.ingest(InboundBatch(messages: (0..<3).map { i in
                Fixtures.inbound("cap.\(round).\(i)", from: "+6281300\(round)000\(i)", "tolong \(i)", at: clock.now, name: "N\(round)\(i)")
            }))
            let conversations = result.customersWrote
            #expect(conversations.count == 3)
            // Two claims by the agent and one auto-assignment, all at once; refusals (at capacity, taken) are expected.
            await withTaskGroup(of: Void.self) { group in
                for id in conversations.prefix(2) {
                    group.addTask { _ = try? await s.claim(.id(id), by: login) }
                }
                group.addTask { _ = try? await s.autoAssignWaiting(limit: 10) }
            }
            let held = try await s.conversations(state: .open, for: login).filter { $0.assignee == login }
            #expect(held.count == 1, "round \(round): \(login) holds \(held.map(\.id)) with capacity 1")
            clock.advance(1)
        }
        // The earlier agents stayed at capacity: what was left waiting in each round never went to them.
        let open = try await s.conversations(state: .open, for: nil)
        for round in 0..<8 {
            #expect(open.filter { $0.assignee == "rina\(round)" }.count == 1, "rina\(round)")
        }
    }
}

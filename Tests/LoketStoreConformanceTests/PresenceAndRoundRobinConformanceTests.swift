import Foundation
import Testing
import LoketDomain
import LoketStore
import LoketTestSupport

@Suite struct PresenceAndRoundRobinConformanceTests {
    @Test(arguments: Backend.allCases) func roundRobinSpreadsWaitingChatsOverOnlineAgents(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.addAgent(login: "rina", name: "Rina", role: .agent, capacity: 1)
        let numbers = (0..<5).map { "62811000000\($0)" }
        try await s.ingest(InboundBatch(messages: numbers.enumerated().map { i, n in
            Fixtures.inbound("w\(i)", from: "+\(n)", "halo \(i)", at: clock.now.addingTimeInterval(Double(i)), name: "C\(i)")
        }))
        // Nobody online: nothing moves.
        #expect(try await s.autoAssignWaiting(limit: 10).isEmpty)
        try await s.heartbeat(agent: "sari", session: "a", viewing: nil, typing: nil)
        try await s.heartbeat(agent: "budi", session: "b", viewing: nil, typing: nil)
        try await s.heartbeat(agent: "rina", session: "c", viewing: nil, typing: nil)
        let assigned = try await s.autoAssignWaiting(limit: 10)
        #expect(assigned.count == 5)
        let byAgent = Dictionary(grouping: assigned, by: \.agent).mapValues(\.count)
        #expect(byAgent["rina"] == 1, "rina's capacity is 1")
        #expect(byAgent["sari"] == 2 && byAgent["budi"] == 2, "\(byAgent)")
        #expect(byAgent["rudi"] == nil, "rudi is offline")
        // Oldest waiting first.
        #expect(assigned.first?.conversation == 1)
        let trail = try await s.audit(conversation: 1, limit: 5, by: "rudi")
        #expect(trail.first?.action == .assign && trail.first?.actor == "auto")
        // A console that stops heartbeating drops out within 30 s.
        clock.advance(31)
        #expect(try await s.agents().allSatisfy { !$0.online })
        #expect(try await s.presence().isEmpty)
    }

    @Test(arguments: Backend.allCases) func presenceShowsViewingAndFreshTypingOnly(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.heartbeat(agent: "sari", session: "a", viewing: 7, typing: 7)
        try await s.heartbeat(agent: "budi", session: "b", viewing: 7, typing: nil)
        var p = try await s.presence()
        #expect(p.first { $0.agent == "sari" }?.typing == 7 && p.first { $0.agent == "budi" }?.viewing == 7)
        clock.advance(PresenceTimings.typingShown + 1)
        p = try await s.presence()
        #expect(p.first { $0.agent == "sari" }?.typing == nil, "typing goes stale")
        try await s.leave(agent: "budi", session: "b")
        #expect(try await s.presence().map(\.agent) == ["sari"])
    }
}

import Foundation
import LoketDomain
import LoketPostgres
import LoketStore
import LoketTestSupport
import Testing

/// The team's rules, the same on every backend (issue 16 point 2).
@Suite struct TeamConformanceTests {
    @Test(arguments: Backend.allCases)
    func theFirstAgentIsASupervisorAndTheLastOneStays(_ backend: Backend) async throws {
        let s = try await backend.makeStore()
        let rudi = try await s.addAgent(login: "rudi", name: "Rudi Hartono", role: .agent, capacity: 5)
        #expect(rudi.role == .supervisor, "the first agent of an empty team")
        let sari = try await s.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 5, osUser: "sdewi")
        #expect(sari.role == .agent && sari.osUser == "sdewi")
        await #expect(throws: Refusal("agent '{1}' already exists; change the role with loket agent set-role", "sari")) {
            try await s.addAgent(login: "sari", name: "Sari", role: .agent, capacity: 5)
        }
        await #expect(throws: InputError.self) { try await s.addAgent(login: "Bad Login", name: "x", role: .agent, capacity: 5) }
        await #expect(throws: Refusal("{1} is the last supervisor; make someone else a supervisor first", "rudi")) {
            try await s.setRole(login: "rudi", role: .agent, by: "rudi")
        }
        await #expect(throws: Refusal("only a supervisor may change roles")) { try await s.setRole(login: "sari", role: .supervisor, by: "sari") }
        try await s.setRole(login: "sari", role: .supervisor, by: "rudi")
        try await s.setRole(login: "rudi", role: .agent, by: "sari")
        let team = try await s.agents()
        #expect(team.map(\.login) == ["rudi", "sari"] && team.map(\.role) == [.agent, .supervisor])
        #expect(try await s.agent(login: "sari")?.osUser == "sdewi")
        #expect(try await s.agent(login: "nobody") == nil)
    }

    @Test(arguments: Backend.allCases)
    func theBusinessIsKeptAndItsQualityIsMetas(_ backend: Backend) async throws {
        let s = try await backend.makeStore()
        #expect(try await s.business() == nil)
        try await s.saveBusiness(BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: true, qualityRating: "GREEN"))
        try await s.saveBusiness(BusinessProfile(name: "Bank Nusantara Syariah", displayNumber: "+62 21 5000 1234", official: true, qualityRating: "RED"))
        let b = try #require(try await s.business())
        #expect(b.name == "Bank Nusantara Syariah" && b.official && b.qualityRating == "GREEN", "the quality rating comes from Meta, not the configuration")
    }

    @Test(arguments: Backend.allCases)
    func everyTeamChangeIsOnTheFeed(_ backend: Backend) async throws {
        let s = try await backend.makeStore()
        let start = try await s.latestChange()
        try await s.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 5)
        try await s.addAgent(login: "sari", name: "Sari", role: .agent, capacity: 5)
        try await s.setRole(login: "sari", role: .supervisor, by: "rudi")
        var seen: [Change] = []
        for _ in 0..<100 where seen.filter({ $0.kind == .agent }).count < 3 {
            seen = try await s.changes(after: start, limit: 100)
            if seen.filter({ $0.kind == .agent }).count < 3 { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        #expect(seen.filter { $0.kind == .agent }.count == 3, "\(seen)")
        let last = try #require(seen.last?.position)
        #expect(try await s.changes(after: last, limit: 100).isEmpty)
    }
}

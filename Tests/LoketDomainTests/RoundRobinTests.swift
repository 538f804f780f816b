import Foundation
import Testing
@testable import LoketDomain

@Suite struct RoundRobinTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func fewestOpenChatsFirstThenLeastRecentlyGiven() {
        let c: [RoundRobin.Candidate] = [
            .init(login: "sari", online: true, load: 2, capacity: 5, lastAssignedAt: t0),
            .init(login: "budi", online: true, load: 1, capacity: 5, lastAssignedAt: t0.addingTimeInterval(10)),
            .init(login: "rina", online: true, load: 1, capacity: 5, lastAssignedAt: t0.addingTimeInterval(5)),
        ]
        #expect(RoundRobin.choose(c) == "rina")
    }

    @Test func neverOfflineOrFull() {
        let c: [RoundRobin.Candidate] = [
            .init(login: "sari", online: false, load: 0, capacity: 5, lastAssignedAt: nil),
            .init(login: "budi", online: true, load: 5, capacity: 5, lastAssignedAt: nil),
        ]
        #expect(RoundRobin.choose(c) == nil)
        #expect(RoundRobin.choose([]) == nil)
    }
}

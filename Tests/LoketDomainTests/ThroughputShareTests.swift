import Foundation
import LoketDomain
import Testing

/// Several gateways share Meta's throughput: equal shares, never more than the others leave, and a rate given up
/// still counts for a window.
@Suite struct ThroughputShareTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func peer(_ rate: Int, was previous: Int = 0, at changed: TimeInterval = -60) -> ThroughputShare.Peer {
        ThroughputShare.Peer(rate: rate, previous: previous, changedAt: t0.addingTimeInterval(changed))
    }

    @Test func aGatewayAloneSendsAtTheWholeThroughput() {
        #expect(ThroughputShare.share(throughput: 20, others: [], now: t0) == 20)
    }

    @Test func aNewcomerWaitsUntilTheOthersHaveShrunkAndTheirWindowHasPassed() {
        // The first still sends at 20 (it has not heard of the newcomer): nothing for the newcomer.
        #expect(ThroughputShare.share(throughput: 20, others: [peer(20)], now: t0) == 0)
        // The first hears of it (the newcomer at 0) and halves.
        #expect(ThroughputShare.share(throughput: 20, others: [peer(0)], now: t0) == 10)
        // Its 20 still counts for a window after it halved; then the newcomer takes the other half.
        #expect(ThroughputShare.share(throughput: 20, others: [peer(10, was: 20, at: -0.5)], now: t0) == 0)
        #expect(ThroughputShare.share(throughput: 20, others: [peer(10, was: 20, at: -1.1)], now: t0) == 10)
    }

    @Test func atNoStepDoThreeGatewaysTogetherExceedTheThroughput() {
        // Two at 10 each; a third joins; each in turn decides, one second after the other.
        var rates: [String: (rate: Int, previous: Int, changed: TimeInterval)] = ["a": (10, 0, -60), "b": (10, 0, -60), "c": (0, 0, -60)]
        var now: TimeInterval = 0
        for who in ["c", "a", "c", "b", "c", "a", "b", "c", "c"] {
            let others = rates.filter { $0.key != who }.map { peer($0.value.rate, was: $0.value.previous, at: $0.value.changed) }
            let share = ThroughputShare.share(throughput: 20, others: others, now: t0.addingTimeInterval(now))
            if let mine = rates[who], share != mine.rate { rates[who] = (share, mine.rate, now) }
            let counted = rates.values.map { peer($0.rate, was: $0.previous, at: $0.changed).counted(at: t0.addingTimeInterval(now)) }
            #expect(counted.reduce(0, +) <= 20, "\(rates)")
            now += 1
        }
        #expect(rates.values.map(\.rate).sorted() == [6, 6, 6])
    }

    @Test func aThroughputSmallerThanTheGatewaysLeavesSomeWaiting() {
        #expect(ThroughputShare.share(throughput: 1, others: [peer(0)], now: t0) == 1)
        #expect(ThroughputShare.share(throughput: 1, others: [peer(1)], now: t0) == 0)
    }
}

public import Foundation

/// How several gateways on one store share Meta's `throughput` (messages per second for the number): each takes an
/// equal share of it, but never more than the others leave. Each dispatcher's heartbeat decides its share and says it
/// in one transaction, so two never both take the same room; a rate given up still counts for a ``window`` after it
/// changed (sends made at it arrive at Meta within that second). A newcomer therefore waits (share 0) until the others
/// have heard of it, shrunk, and the window of their larger share has passed. Together they never exceed `throughput`.
public enum ThroughputShare {
    /// One second plus 3% of margin: the window Meta's throughput is counted in, as the dispatchers keep it.
    public static let window: TimeInterval = 1.03
    /// A dispatcher decides its share this often: a newcomer gets its share about a second and a half after it
    /// starts, and the others take a dead one's share soon after its heartbeat runs out (``OutboxLease/duration``).
    public static let heartbeatEvery: TimeInterval = 0.5

    /// Another live dispatcher's rate as it last said it: `rate` since `changedAt`, `previous` before.
    public struct Peer: Equatable, Sendable {
        public var rate: Int
        public var previous: Int
        public var changedAt: Date
        public init(rate: Int, previous: Int, changedAt: Date) { self.rate = rate; self.previous = previous; self.changedAt = changedAt }

        /// What it may still be sending at, as Meta counts: its larger rate until a window after the change.
        public func counted(at now: Date) -> Int { now < changedAt.addingTimeInterval(ThroughputShare.window) ? max(rate, previous) : rate }
    }

    /// The rate a dispatcher may send at, given the other live dispatchers. 0: wait for them to make room.
    public static func share(throughput: Int, others: [Peer], now: Date) -> Int {
        let fair = max(1, throughput / (others.count + 1))
        let taken = others.reduce(0) { $0 + $1.counted(at: now) }
        return max(0, min(fair, throughput - taken))
    }
}

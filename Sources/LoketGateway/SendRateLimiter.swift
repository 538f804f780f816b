public import Foundation
import LoketDomain

/// Keeps sends at or under `perSecond` in every one-second window, as the receiver sees them.
///
/// Two steps. `reserve` hands each send a planned slot, spaced evenly (one every `window`/`perSecond` s),
/// so no burst reaches Meta at once. `admit`, called when the send is about to go on the wire, checks the
/// dispatcher's clock (in production the wall clock, so the time each send really goes out): a send is admitted
/// only when the one `perSecond` places back was admitted at least `window` ago. A task that woke late therefore
/// cannot squeeze in beside an on-time one, and the 3% margin of `window` absorbs the network and scheduling
/// jitter between "admitted" and "arrived at Meta".
public struct SendRateLimiter: Sendable {
    public let perSecond: Int
    /// One second plus 3% of margin: the dispatcher runs at 97% of the limit, never over it.
    public static let window: TimeInterval = ThroughputShare.window
    private var admitted: [TimeInterval]
    private var head = 0
    private var lastPlanned = -Double.infinity

    public init(perSecond: Int) {
        self.perSecond = max(1, perSecond)
        admitted = Array(repeating: -.infinity, count: self.perSecond)
    }

    /// The same limiter at another rate (this gateway's share changed), keeping the newest admissions, so the
    /// window already used counts against the new rate.
    public func resized(perSecond n: Int) -> SendRateLimiter {
        var r = SendRateLimiter(perSecond: n)
        let ordered = (0..<perSecond).map { admitted[(head + $0) % perSecond] }
        for (i, t) in ordered.suffix(r.perSecond).enumerated() { r.admitted[(r.perSecond - min(r.perSecond, ordered.count) + i) % r.perSecond] = t }
        r.lastPlanned = lastPlanned
        return r
    }

    /// The planned start for the next send at or after `now`.
    public mutating func reserve(now: TimeInterval) -> TimeInterval {
        let slot = max(now, lastPlanned + Self.window / Double(perSecond))
        lastPlanned = slot
        return slot
    }

    /// Admits a send at `now` (and counts it) when the window allows; otherwise returns the earliest
    /// time to ask again.
    public mutating func admit(now: TimeInterval) -> TimeInterval? {
        let earliest = admitted[head] + Self.window
        guard now >= earliest else { return earliest }
        admitted[head] = now
        head = (head + 1) % perSecond
        return nil
    }
}

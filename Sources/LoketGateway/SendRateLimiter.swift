import Foundation

/// Keeps sends at or under `perSecond` in every one-second window. Slots are spaced evenly (one every
/// 1/`perSecond` s, so no burst reaches Meta at once), and, as a hard guarantee, the next slot is never
/// sooner than one second after the start of the send `perSecond` places back.
public struct SendRateLimiter: Sendable {
    public let perSecond: Int
    /// One second plus 1% of margin, so network jitter can never squeeze N+1 arrivals into a second.
    static let window: TimeInterval = 1.01
    private var starts: [TimeInterval]
    private var head = 0
    private var last = -Double.infinity

    public init(perSecond: Int) {
        self.perSecond = max(1, perSecond)
        starts = Array(repeating: -.infinity, count: self.perSecond)
    }

    /// Reserves the next send slot at or after `now`; returns when it may start.
    public mutating func reserve(now: TimeInterval) -> TimeInterval {
        let slot = max(now, last + 1.0 / Double(perSecond), starts[head] + Self.window)
        starts[head] = slot
        last = slot
        head = (head + 1) % perSecond
        return slot
    }
}

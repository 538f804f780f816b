public import Foundation

/// WhatsApp's 24-hour customer service window: free-form replies are allowed only within
/// 24 hours of the customer's last message; outside it only approved templates may be sent.
public struct CustomerServiceWindow: Equatable, Sendable {
    public static let length: TimeInterval = 24 * 60 * 60

    /// When the customer last wrote, if ever.
    public let lastInboundAt: Date?

    public init(lastInboundAt: Date?) { self.lastInboundAt = lastInboundAt }

    /// When the window closes (nil: the customer never wrote, so it was never open).
    public var expiresAt: Date? { lastInboundAt.map { $0.addingTimeInterval(Self.length) } }

    public func isOpen(at now: Date) -> Bool {
        guard let e = expiresAt else { return false }
        return now < e
    }

    /// Time left, zero once closed.
    public func remaining(at now: Date) -> TimeInterval {
        guard let e = expiresAt else { return 0 }
        return max(0, e.timeIntervalSince(now))
    }

    /// `21:14` (hours:minutes left) or `closed`.
    public func countdown(at now: Date) -> String {
        let r = Int(remaining(at: now))
        guard r > 0 else { return "closed" }
        let minutes = (r + 59) / 60
        let m = minutes % 60
        return "\(minutes / 60):" + (m < 10 ? "0\(m)" : "\(m)")
    }
}

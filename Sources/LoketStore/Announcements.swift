public import Foundation
public import LoketDomain

/// What an announcement would do, before anything is queued: who gets it, who is left out, what it costs.
public struct AnnouncementPreview: Equatable, Sendable {
    public var template: String
    public var language: String
    public var category: PricingCategory
    /// The text customers will read, parameters filled in.
    public var body: String
    public var audience: AudienceSpec
    public var recipients: Int
    /// Customers in the audience who opted out: never sent to.
    public var excludedOptedOut: Int
    /// From the rate card: each recipient's market × the template's category (utility is free inside an open window).
    public var estimatedCost: Money
    public init(template: String, language: String, category: PricingCategory, body: String, audience: AudienceSpec,
                recipients: Int, excludedOptedOut: Int, estimatedCost: Money) {
        self.template = template; self.language = language; self.category = category; self.body = body
        self.audience = audience; self.recipients = recipients; self.excludedOptedOut = excludedOptedOut
        self.estimatedCost = estimatedCost
    }

    /// Seconds to send it all at `throughput` messages per second.
    public func eta(throughput: Int) -> TimeInterval { Double(recipients) / Double(max(1, throughput)) }
}

/// Where an announcement stands: its recipients by delivery status. Every recipient is in exactly one
/// count: queued + sent + delivered + read + failed + cancelled + optedOut == total.
public struct AnnouncementProgress: Equatable, Sendable {
    public var id: Int64
    /// `sending`, `done`, `cancelled`, or `stopped` (Meta refused its template: ``stopCode``).
    public var state: String
    /// Meta's code that stopped it (``TemplateRefusal``), when it was stopped so.
    public var stopCode: Int?
    public var total: Int
    public var queued: Int
    public var sent: Int
    public var delivered: Int
    public var read: Int
    public var failed: Int
    /// Not sent because the announcement was cancelled first.
    public var cancelled: Int
    /// Not sent because the customer opted out after it was queued.
    public var optedOut: Int
    public init(id: Int64, state: String, total: Int, queued: Int, sent: Int, delivered: Int, read: Int, failed: Int,
                cancelled: Int = 0, optedOut: Int = 0, stopCode: Int? = nil) {
        self.stopCode = stopCode
        self.id = id; self.state = state; self.total = total; self.queued = queued; self.sent = sent
        self.delivered = delivered; self.read = read; self.failed = failed; self.cancelled = cancelled; self.optedOut = optedOut
    }
    /// Nothing is waiting to be sent any more.
    public var isSettled: Bool { queued == 0 }
}

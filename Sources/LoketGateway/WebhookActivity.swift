public import Foundation


/// When the gateway last stored a webhook: background work (the media fetcher) gives way while webhooks are
/// flowing, so a burst of photos never slows the 200s Meta waits for.
public final class WebhookActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast

    public init() {}

    /// A webhook was just stored.
    public func mark(_ now: Date) { lock.withLock { last = now } }

    /// Whether a webhook was stored within `seconds` of `now`.
    public func isBusy(at now: Date, within seconds: TimeInterval) -> Bool { lock.withLock { now.timeIntervalSince(last) < seconds } }
}

import Foundation
public import LoketDomain
public import LoketStore
public import Logging

/// Answers customers who write while the business is closed with the away message (docs/SPEC.md §10),
/// once per closed period each (``AwayMessage`` decides; the store applies it atomically, so several
/// gateways never send it twice). It runs after the webhook's batch is committed and acknowledged:
/// it never delays a 200.
public struct AwayResponder: Sendable {
    let store: any GatewayStore
    let hours: BusinessHours
    let timeZone: TimeZone
    let clock: any LoketClock
    let metrics: GatewayMetrics
    let logger: Logger

    public init(store: any GatewayStore, hours: BusinessHours, timeZone: String, clock: any LoketClock, metrics: GatewayMetrics, logger: Logger) {
        self.store = store
        self.hours = hours
        self.timeZone = TimeZone(identifier: timeZone) ?? .current
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    /// Customers wrote in these conversations just now.
    public func answer(_ conversations: [Int64]) async {
        guard let text = hours.awayMessage?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, !conversations.isEmpty else { return }
        let zone = timeZone
        guard let since = hours.closedSince(clock.now, offset: { zone.secondsFromGMT(for: $0) }) else { return }
        for id in conversations {
            do {
                if try await store.sendAwayMessage(id, text: text, closedSince: since) != nil {
                    metrics.add("loket_away_messages_total", 1)
                }
            } catch {
                logger.error("away message for conversation \(id): \(error)")
            }
        }
    }
}

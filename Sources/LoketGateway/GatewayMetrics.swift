import Foundation

/// Counters behind `GET /metrics` (Prometheus text format).
public final class GatewayMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: Double] = [:]
    private var gauges: [String: Double] = [:]

    public init() {}

    public func add(_ name: String, _ value: Double = 1) { lock.withLock { counters[name, default: 0] += value } }
    public func set(_ name: String, _ value: Double) { lock.withLock { gauges[name] = value } }
    public func value(_ name: String) -> Double { lock.withLock { counters[name] ?? gauges[name] ?? 0 } }

    static let help: [String: (type: String, help: String)] = [
        "loket_webhook_requests_total": ("counter", "Webhook POSTs by answer."),
        "loket_messages_ingested_total": ("counter", "Customer messages stored (redeliveries excluded)."),
        "loket_messages_redelivered_total": ("counter", "Customer messages Meta delivered again (not stored twice)."),
        "loket_statuses_applied_total": ("counter", "Delivery statuses that moved a message forward."),
        "loket_messages_sent_total": ("counter", "Outbound messages accepted by the Cloud API."),
        "loket_read_receipts_sent_total": ("counter", "Mark-as-read requests (blue ticks, typing indicators) accepted by the Cloud API."),
        "loket_messages_failed_total": ("counter", "Outbound messages that failed permanently."),
        "loket_send_retries_total": ("counter", "Send attempts that will be retried."),
        "loket_resent_after_crash_total": ("counter", "Messages in flight when a previous gateway died, sent again."),
        "loket_outbox_depth": ("gauge", "Messages waiting in the outbox (queue depth)."),
        "loket_outbox_lag_seconds": ("gauge", "Age of the oldest message waiting in the outbox."),
        "loket_away_messages_total": ("counter", "Away messages queued to customers who wrote while the business was closed."),
        "loket_gateway_alarm": ("gauge", "1 when sending is stopped by an alarm (token or policy)."),
        "loket_media_fetched_total": ("counter", "Customers' attachments downloaded and kept."),
        "loket_media_bytes_total": ("counter", "Bytes of attachments downloaded and kept."),
        "loket_media_retries_total": ("counter", "Attachment downloads that failed and will be tried again."),
        "loket_media_checksum_mismatches_total": ("counter", "Downloads rejected because their sha256 was not Meta's."),
        "loket_media_failed_total": ("counter", "Attachments given up on after the last attempt (alarm)."),
        "loket_media_expired_total": ("counter", "Attachments Meta no longer had when asked."),
        "loket_media_too_large_total": ("counter", "Attachments over [media] max_download_mb, not fetched."),
    ]

    /// The exposition text; `extra` gauges are computed at scrape time (outbox depth, lag).
    public func render(extra: [String: Double]) -> String {
        let (c, g) = lock.withLock { (counters, gauges) }
        var all = c.merging(g) { a, _ in a }.merging(extra) { _, b in b }
        for name in Self.help.keys where !name.contains("requests") && all[name] == nil { all[name] = 0 }
        var byFamily: [String: [(String, Double)]] = [:]
        for (key, v) in all {
            let family = key.split(separator: "{").first.map(String.init) ?? key
            byFamily[family, default: []].append((key, v))
        }
        var out = ""
        for family in byFamily.keys.sorted() {
            if let h = Self.help[family] { out += "# HELP \(family) \(h.help)\n# TYPE \(family) \(h.type)\n" }
            for (key, v) in byFamily[family]!.sorted(by: { $0.0 < $1.0 }) {
                out += "\(key) \(v == v.rounded() ? String(Int64(v)) : String(v))\n"
            }
        }
        return out
    }
}

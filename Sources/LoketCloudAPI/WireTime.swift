public import Foundation

/// Timestamps from the wire are checked before they become dates: Meta sends Unix seconds as strings,
/// and a signed webhook may carry `"1e20"`, `"nan"` or `1e300`, which would trap when turned into
/// milliseconds. A timestamp further than ``tolerance`` from the receive time is not believed.
public enum WireTime {
    /// Ten years either side of now.
    public static let tolerance: TimeInterval = 10 * 365.25 * 86_400

    /// The date `seconds` after 1970, or nil when it is not finite or not within ``tolerance`` of `now`.
    public static func date(seconds: Double, near now: Date) -> Date? {
        guard seconds.isFinite else { return nil }
        let date = Date(timeIntervalSince1970: seconds)
        return abs(date.timeIntervalSince(now)) <= tolerance ? date : nil
    }
}

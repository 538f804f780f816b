import Foundation

extension Date {
    /// Milliseconds since 1970, as the store keeps times (clamped rather than trapping, as on SQLite).
    var millis: Int64 {
        let ms = (timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite else { return 0 }
        return Int64(max(-9.2e18, min(9.2e18, ms)))
    }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension Optional where Wrapped == Int64 {
    var date: Date? { map(Date.init(millis:)) }
}

import Foundation

extension Date {
    /// Milliseconds since 1970, as the store keeps times.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension Optional where Wrapped == Int64 {
    var date: Date? { map(Date.init(millis:)) }
}

import Foundation

extension Date {
    /// Milliseconds since 1970, as the store keeps times.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

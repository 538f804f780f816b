package import Foundation

/// How every store backend keeps times: integer milliseconds since 1970 (UTC).
extension Date {
    /// Milliseconds since 1970. Dates from the wire are range-checked before they get here; one beyond what 64 bits of
    /// milliseconds hold is clamped rather than trapping.
    package var millis: Int64 {
        let ms = (timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite else { return 0 }
        return Int64(max(-9.2e18, min(9.2e18, ms)))
    }
    package init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension Optional where Wrapped == Int64 {
    /// Stored milliseconds as a date.
    package var date: Date? { map(Date.init(millis:)) }
}

/// The queue's one line of a message, as every backend stores it beside the conversation.
package enum MessagePreview {
    package static let length = 120

    /// Newlines folded, cut at ``length`` characters.
    package static func of(_ body: String) -> String {
        // Short printable ASCII (most messages) is its own preview.
        if body.utf8.count < length && body.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return body }
        let flat = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > length ? String(flat.prefix(length - 1)) + "…" : flat
    }
}

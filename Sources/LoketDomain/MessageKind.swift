import Foundation

/// A message's type as stored: Meta's types (`text`, `image`, `location`, `template`, …) plus
/// `note`, `system` and `unsupported`. Open-ended by design: an unknown type from Meta is kept as `unsupported`.
public struct MessageKind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let text: MessageKind = "text"
    public static let template: MessageKind = "template"
    public static let note: MessageKind = "note"
    public static let system: MessageKind = "system"
    public static let unsupported: MessageKind = "unsupported"
    public static let markRead: MessageKind = "mark_read"
}

/// Limits of the Cloud API that the rules enforce before anything is queued.
public enum MessageLimits {
    /// A text message body is at most 4096 characters.
    public static let textBody = 4096

    /// Checks a reply or note body: not blank, at most 4096 characters.
    public static func validateText(_ text: String) throws(InputError) -> String {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError("message text is empty")
        }
        if text.count > textBody {
            throw InputError("message is \(text.count) characters; WhatsApp allows at most \(textBody)")
        }
        return text
    }
}

import Foundation

/// Announcement parameters filled per recipient (docs/SPEC.md §9): `{{customer.name}}` becomes the recipient's
/// WhatsApp profile name, or their number when WhatsApp gave none (a parameter is never sent empty).
public enum AnnouncementParameters {
    public static let customerName = "{{customer.name}}"

    /// Whether any parameter needs filling per recipient.
    public static func arePersonal(_ parameters: [String]) -> Bool { parameters.contains { $0.contains(customerName) } }
    /// Whether any value of a template send (header, body, buttons) needs filling per recipient.
    public static func arePersonal(_ send: TemplateSend) -> Bool {
        arePersonal(send.parameters + (send.header.map { [$0] } ?? []) + send.buttons.map(\.value))
    }

    public static func fill(_ text: String, profileName: String?, number: String) -> String {
        let name = profileName.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? number
        return text.replacingOccurrences(of: customerName, with: name)
    }
}

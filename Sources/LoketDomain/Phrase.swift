import Foundation

/// Words with their variable parts kept apart (`"only a supervisor may reassign {1}'s chat"` and `["sari"]`),
/// so a language catalogue can translate the template and put the values back (docs/SPEC.md §11). The
/// template is in English, which is also what is shown when a catalogue has no translation.
public struct Phrase: Sendable, Equatable, CustomStringConvertible {
    public let template: String
    public let args: [String]

    public init(_ template: String, _ args: [String]) {
        self.template = template
        self.args = args
    }

    /// The English text.
    public var description: String { Self.fill(template, args) }

    /// Puts `args` in place of `{1}`, `{2}`, … (a placeholder without a value stays as written).
    public static func fill(_ template: String, _ args: [String]) -> String {
        guard !args.isEmpty, template.contains("{") else { return template }
        var out = template
        for (i, a) in args.enumerated() { out = out.replacingOccurrences(of: "{\(i + 1)}", with: a) }
        return out
    }
}

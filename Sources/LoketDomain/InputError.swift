import Foundation
/// Bad input: a value the user or a file supplied that cannot be used (exit 65 at the CLI).
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a catalogue translates (the template and its values).
    public let phrase: Phrase
    /// The English text.
    public var message: String { phrase.description }
    /// `template` with `{1}`, `{2}`… for `args`, so the console can show it in the agent's language.
    public init(_ template: String, _ args: any CustomStringConvertible...) { phrase = Phrase(template, args.map(\.description)) }
    public var description: String { message }
    /// Equal when they say the same (however the values were put in).
    public static func == (a: Self, b: Self) -> Bool { a.message == b.message }
}

/// An action refused by a team or platform rule (exit 69 at the CLI); nothing was changed.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a catalogue translates (the template and its values).
    public let phrase: Phrase
    /// The English text.
    public var message: String { phrase.description }
    /// `template` with `{1}`, `{2}`… for `args`, so the console can show it in the agent's language.
    public init(_ template: String, _ args: any CustomStringConvertible...) { phrase = Phrase(template, args.map(\.description)) }
    public var description: String { message }
    /// Equal when they say the same (however the values were put in).
    public static func == (a: Self, b: Self) -> Bool { a.message == b.message }
}

/// Something named does not exist (exit 65 at the CLI).
public struct NotFound: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a catalogue translates (the template and its values).
    public let phrase: Phrase
    /// The English text.
    public var message: String { phrase.description }
    /// `template` with `{1}`, `{2}`… for `args`, so the console can show it in the agent's language.
    public init(_ template: String, _ args: any CustomStringConvertible...) { phrase = Phrase(template, args.map(\.description)) }
    public var description: String { message }
    /// Equal when they say the same (however the values were put in).
    public static func == (a: Self, b: Self) -> Bool { a.message == b.message }
}

/// Bad input: a value the user or a file supplied that cannot be used (exit 65 at the CLI).
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An action refused by a team or platform rule (exit 69 at the CLI); nothing was changed.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Something named does not exist (exit 65 at the CLI).
public struct NotFound: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

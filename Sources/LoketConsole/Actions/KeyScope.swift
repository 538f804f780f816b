/// Where a key binding applies: the queue and conversation, the composer, a widget (a list, a field) or one
/// dialog's own keys. Two actions may share a key only in different scopes. Widgets and dialogs declare
/// their scopes in their own files.
public struct KeyScope: Hashable, Sendable, CustomStringConvertible {
    /// A short name (tests and messages).
    public let name: String
    /// The help screen's heading for the scope's keys.
    public let title: String

    public init(_ name: String, title: String) {
        self.name = name
        self.title = title
    }

    public var description: String { name }

    public static let normal = KeyScope("normal", title: "Queue and conversation")
    public static let composer = KeyScope("composer", title: "Composer")

    /// Every scope in the order the help screen lists them (the action table's order).
    public static var allCases: [KeyScope] { ActionTable.scopeOrder }
}

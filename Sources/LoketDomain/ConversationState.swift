/// Where a conversation stands (docs/SPEC.md §5).
public enum ConversationState: String, Sendable, CaseIterable, Codable, Hashable {
    /// The customer wrote and no agent holds it.
    case waiting
    /// An agent holds it.
    case open
    /// Its agent is waiting on the customer or a third party.
    case pending
    case resolved

    public init(parsing text: String) throws(InputError) {
        guard let s = ConversationState(rawValue: text.lowercased()) else {
            throw InputError("state '\(text)' is not known; use waiting, open, pending or resolved")
        }
        self = s
    }
}

/// The facts about a conversation that the team rules look at.
public struct ConversationFacts: Equatable, Sendable {
    public var state: ConversationState
    public var assignee: String?
    public var window: CustomerServiceWindow

    public init(state: ConversationState, assignee: String?, window: CustomerServiceWindow) {
        self.state = state; self.assignee = assignee; self.window = window
    }
}

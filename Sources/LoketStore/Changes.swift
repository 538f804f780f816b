/// What kind of thing changed in the store.
public enum ChangeKind: String, Sendable, Hashable {
    case conversation, message, agent, presence, template, business, announcement, audit, canned
}

/// One entry of the store's change feed: another console or the gateway wrote something.
public struct Change: Equatable, Sendable {
    /// Monotonic position in the feed.
    public var id: Int64
    public var kind: ChangeKind
    public var conversationID: Int64?
    public var messageID: Int64?
    public init(id: Int64, kind: ChangeKind, conversationID: Int64?, messageID: Int64?) {
        self.id = id; self.kind = kind; self.conversationID = conversationID; self.messageID = messageID
    }
}

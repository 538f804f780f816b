/// What kind of thing changed in the store.
public enum ChangeKind: String, Sendable, Hashable {
    case conversation, message, agent, presence, template, business, announcement, audit, canned
}

/// Where a reader of the change feed is. Opaque: only the backend that made it reads it (SQLite keeps the last row
/// id, which commits in order there; a backend whose ids can commit out of order keeps what it needs to miss none).
public struct FeedPosition: Hashable, Sendable, CustomStringConvertible {
    /// The backend's own encoding.
    public let encoded: String
    public init(encoded: String) { self.encoded = encoded }
    /// Before every change.
    public static let start = FeedPosition(encoded: "")
    public var description: String { encoded.isEmpty ? "start" : encoded }
}

/// One entry of the store's change feed: another console or the gateway wrote something.
public struct Change: Equatable, Sendable {
    /// The entry's identity in its store.
    public var id: Int64
    public var kind: ChangeKind
    public var conversationID: Int64?
    public var messageID: Int64?
    /// Where a reader that has seen this change goes on from.
    public var position: FeedPosition
    public init(id: Int64, kind: ChangeKind, conversationID: Int64?, messageID: Int64?, position: FeedPosition) {
        self.id = id; self.kind = kind; self.conversationID = conversationID; self.messageID = messageID; self.position = position
    }
}

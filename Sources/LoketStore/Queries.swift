public import Foundation
public import LoketDomain

/// The console's queue tabs.
public enum QueueTab: String, Sendable, CaseIterable {
    /// Unassigned conversations, most urgent (longest waiting) first.
    case waiting
    /// The asking agent's open and pending conversations.
    case mine
    /// Every conversation, most recently active first.
    case all
}

/// Names a conversation by its id or its customer's number.
public enum ConversationRef: Hashable, Sendable, CustomStringConvertible {
    case id(Int64)
    case customer(PhoneNumber)

    /// Parses the CLI's CONVERSATION argument: a numeric id, or a phone number (`+62812…` / `62812…`).
    public init(parsing text: String) throws(InputError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if !PhoneNumber.looksLikePhoneNumber(t), let id = Int64(t), id > 0 {
            self = .id(id)
        } else {
            do { self = .customer(try PhoneNumber(t)) }
            catch { throw InputError("'\(text)' is neither a conversation id nor a phone number: \(error.message)") }
        }
    }

    public var description: String {
        switch self {
        case .id(let id): return "conversation \(id)"
        case .customer(let p): return "conversation with \(p.e164)"
        }
    }
}

/// A page of full-text search results, newest first.
public struct SearchHit: Equatable, Sendable {
    public var record: MessageRecord
    public init(record: MessageRecord) { self.record = record }
}

/// What `loket export` selects.
public struct ExportFilter: Equatable, Sendable {
    public var conversation: ConversationRef?
    public var since: Date?
    public init(conversation: ConversationRef? = nil, since: Date? = nil) {
        self.conversation = conversation; self.since = since
    }
}

/// A team-shared text an agent inserts by shortcut (docs/SPEC.md §10).
public struct CannedReply: Equatable, Sendable {
    public var shortcut: String
    public var text: String
    public init(shortcut: String, text: String) { self.shortcut = shortcut; self.text = text }
}

/// Who a customer is (docs/SPEC.md §10, the `i` panel and `loket customer`).
public struct CustomerProfile: Equatable, Sendable {
    /// One stretch of the conversation: from a customer's message to its resolve (nil while still going).
    public struct Episode: Equatable, Sendable {
        public var openedAt: Date
        public var resolvedAt: Date?
        public var resolvedBy: String?
        public var messages: Int
        public init(openedAt: Date, resolvedAt: Date?, resolvedBy: String?, messages: Int) {
            self.openedAt = openedAt; self.resolvedAt = resolvedAt; self.resolvedBy = resolvedBy; self.messages = messages
        }
    }
    public var conversation: ConversationSummary
    /// The pricing market of their number (e.g. `Indonesia`), when known.
    public var market: String?
    /// The IANA time zone of their country, when known.
    public var timeZone: String?
    public var episodes: [Episode]
    public init(conversation: ConversationSummary, market: String?, timeZone: String?, episodes: [Episode]) {
        self.conversation = conversation; self.market = market; self.timeZone = timeZone; self.episodes = episodes
    }
}

extension CustomerProfile {
    /// A conversation's episodes, from its customer's and the business's messages (`in`/`out`, stored milliseconds)
    /// and its resolutions: an episode starts with a customer's message and ends at a resolve; one at the same instant as
    /// a message comes after it. Every backend reads the rows; this decides what they mean.
    package static func episodes(messages: [(at: Int64, direction: String)], resolutions: [(at: Int64, by: String?)]) -> [Episode] {
        var events: [(at: Int64, order: Int, kind: String, actor: String?)] =
            messages.map { ($0.at, 0, $0.direction, nil) } + resolutions.map { ($0.at, 1, "resolve", $0.by) }
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        var episodes: [Episode] = []
        var current: Episode?
        for e in events {
            switch e.kind {
            case "resolve":
                if var c = current {
                    c.resolvedAt = Date(millis: e.at); c.resolvedBy = e.actor
                    episodes.append(c); current = nil
                }
            case "in":
                if current == nil { current = .init(openedAt: Date(millis: e.at), resolvedAt: nil, resolvedBy: nil, messages: 0) }
                current?.messages += 1
            default:
                current?.messages += 1
            }
        }
        if let c = current { episodes.append(c) }
        return episodes
    }
}

public import Foundation
public import LoketDomain

/// A conversation with its past messages, for seeding a store (the demo) or migrating history in bulk.
public struct HistoryImport: Sendable {
    public struct Line: Sendable {
        public var direction: MessageDirection
        public var kind: MessageKind
        public var body: String
        public var at: Date
        public var status: MessageStatus
        public var agent: String?
        public var wamid: String?
        public var templateName: String?
        public var templateCategory: PricingCategory?
        /// An attachment (its file already kept, or to be fetched).
        public var media: MessageMedia?
        public init(direction: MessageDirection, kind: MessageKind = .text, body: String, at: Date,
                    status: MessageStatus? = nil, agent: String? = nil, wamid: String? = nil, templateName: String? = nil,
                    templateCategory: PricingCategory? = nil, media: MessageMedia? = nil) {
            self.direction = direction; self.kind = kind; self.body = body; self.at = at
            self.status = status ?? (direction == .outbound ? .read : .received)
            self.agent = agent; self.wamid = wamid; self.templateName = templateName
            self.templateCategory = templateCategory; self.media = media
        }
    }
    public var customer: CustomerKey
    public var profileName: String
    public var labels: [String]
    public var state: ConversationState
    public var assignee: String?
    public var lines: [Line]
    public var optedOut: Bool

    public init(customer: CustomerKey, profileName: String, labels: [String] = [], state: ConversationState,
                assignee: String?, lines: [Line], optedOut: Bool = false) {
        self.customer = customer; self.profileName = profileName; self.labels = labels; self.state = state
        self.assignee = assignee; self.lines = lines; self.optedOut = optedOut
    }
}

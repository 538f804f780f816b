public import Foundation
public import LoketDomain

/// The business behind the shared number (header: name, verified badge, display number, quality).
public struct BusinessProfile: Equatable, Sendable, Codable {
    public var name: String
    public var displayNumber: String
    public var official: Bool
    /// Meta's phone-number quality rating (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`).
    public var qualityRating: String
    public var phoneNumberID: String
    public var wabaID: String
    /// The messaging limit Meta last reported (``MessagingLimit``: `TIER_1K`, …), if any.
    public var accountNote: String?

    public init(name: String, displayNumber: String, official: Bool, qualityRating: String = "UNKNOWN",
                phoneNumberID: String = "", wabaID: String = "", accountNote: String? = nil) {
        self.name = name; self.displayNumber = displayNumber; self.official = official
        self.qualityRating = qualityRating; self.phoneNumberID = phoneNumberID; self.wabaID = wabaID
        self.accountNote = accountNote
    }
}

/// A team member.
public struct Agent: Equatable, Sendable, Codable {
    public var login: String
    public var name: String
    public var role: Role
    /// How many open chats they take at once (round-robin assignment respects it).
    public var capacity: Int
    /// Whether their console heartbeat is fresh.
    public var online: Bool
    /// Open or pending conversations they hold.
    public var load: Int
    /// The OS user they run `loket` as on a SQLite desk (nil: the same as the login; docs/SPEC.md §13).
    public var osUser: String?

    public init(login: String, name: String, role: Role, capacity: Int, online: Bool = false, load: Int = 0, osUser: String? = nil) {
        self.login = login; self.name = name; self.role = role; self.capacity = capacity
        self.online = online; self.load = load; self.osUser = osUser
    }
    public var actor: Actor { Actor(login: login, role: role) }
}

/// How a customer is known to WhatsApp: by number, or only by Meta's business-scoped user id.
public enum CustomerKey: Hashable, Sendable {
    case phone(PhoneNumber)
    case userID(String)
}

/// A customer (one per number; one conversation per customer).
public struct Customer: Equatable, Sendable {
    public var id: Int64
    public var phone: PhoneNumber?
    public var userID: String?
    public var profileName: String
    /// Calling code of their market, e.g. `62`.
    public var callingCode: String?
    public var country: String?
    public var optedIn: Bool
    public var optedOut: Bool
    public var labels: [String]

    public init(id: Int64, phone: PhoneNumber?, userID: String?, profileName: String, callingCode: String?,
                country: String?, optedIn: Bool, optedOut: Bool, labels: [String]) {
        self.id = id; self.phone = phone; self.userID = userID; self.profileName = profileName
        self.callingCode = callingCode; self.country = country; self.optedIn = optedIn
        self.optedOut = optedOut; self.labels = labels
    }

    /// The number as E.164 digits, or the user id when only that is known.
    public var address: String { phone?.digits ?? userID ?? "" }
}

/// A conversation as the queue shows it (denormalised so the queue needs no scan over messages).
public struct ConversationSummary: Equatable, Sendable {
    public var id: Int64
    public var customer: Customer
    public var state: ConversationState
    public var assignee: String?
    public var lastInboundAt: Date?
    /// The oldest customer message with no answer yet (nil: nothing waits).
    public var waitingSince: Date?
    public var lastMessageAt: Date?
    public var lastMessagePreview: String
    public var lastMessageDirection: MessageDirection?
    /// Customer messages the asking agent has not read.
    public var unread: Int
    public var createdAt: Date

    public init(id: Int64, customer: Customer, state: ConversationState, assignee: String?, lastInboundAt: Date?,
                waitingSince: Date?, lastMessageAt: Date?, lastMessagePreview: String,
                lastMessageDirection: MessageDirection?, unread: Int, createdAt: Date) {
        self.id = id; self.customer = customer; self.state = state; self.assignee = assignee
        self.lastInboundAt = lastInboundAt; self.waitingSince = waitingSince; self.lastMessageAt = lastMessageAt
        self.lastMessagePreview = lastMessagePreview; self.lastMessageDirection = lastMessageDirection
        self.unread = unread; self.createdAt = createdAt
    }

    public var window: CustomerServiceWindow { CustomerServiceWindow(lastInboundAt: lastInboundAt) }
    public var facts: ConversationFacts { ConversationFacts(state: state, assignee: assignee, window: window) }
}

/// What a delivered template message cost.
public struct MessagePrice: Equatable, Sendable {
    public var market: String
    public var category: PricingCategory
    public var cost: Money
    public init(market: String, category: PricingCategory, cost: Money) {
        self.market = market; self.category = category; self.cost = cost
    }
}

/// One line of a conversation: customer message, agent reply, note or system event.
public struct Message: Equatable, Sendable {
    public var id: Int64
    public var conversationID: Int64
    public var direction: MessageDirection
    public var kind: MessageKind
    /// Readable text (media become `[image] caption`, system events a sentence).
    public var body: String
    public var wamid: String?
    public var status: MessageStatus
    public var errorCode: Int?
    public var errorTitle: String?
    /// The agent who wrote it (replies, notes) or acted (system lines).
    public var agent: String?
    /// The wamid this message answers or reacts to.
    public var replyTo: String?
    /// Type-specific data as JSON (media ids, location, template name and parameters, …).
    public var payload: String?
    public var templateName: String?
    public var price: MessagePrice?
    public var createdAt: Date
    public var updatedAt: Date
    /// Reactions on it, oldest first (filled by the conversation's history reads).
    public var reactions: [Reaction] = []
    /// Its attachment, for media messages (filled by history reads and export).
    public var media: MessageMedia?
    /// The customer edited it: `body` is the latest text, ``originalBody`` what they first wrote.
    public var edited = false
    /// The customer deleted it for everyone; `body` still holds what it said (docs/SPEC.md §9).
    public var deleted = false
    /// What the customer first wrote, when they edited it since.
    public var originalBody: String?

    public init(id: Int64, conversationID: Int64, direction: MessageDirection, kind: MessageKind, body: String,
                wamid: String?, status: MessageStatus, errorCode: Int?, errorTitle: String?, agent: String?,
                replyTo: String?, payload: String?, templateName: String?, price: MessagePrice?,
                createdAt: Date, updatedAt: Date) {
        self.id = id; self.conversationID = conversationID; self.direction = direction; self.kind = kind
        self.body = body; self.wamid = wamid; self.status = status; self.errorCode = errorCode
        self.errorTitle = errorTitle; self.agent = agent; self.replyTo = replyTo; self.payload = payload
        self.templateName = templateName; self.price = price; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// A message with the customer it belongs to, for `loket export` and search results.
public struct MessageRecord: Equatable, Sendable {
    public var message: Message
    public var customer: String
    public var customerName: String
    /// Reactions on it (export fills these in).
    public var reactions: [Reaction]
    public init(message: Message, customer: String, customerName: String, reactions: [Reaction] = []) {
        self.message = message; self.customer = customer; self.customerName = customerName; self.reactions = reactions
    }
}

/// An emoji reaction on a message: by the customer (`from` is `customer`) or an agent (their login).
public struct Reaction: Equatable, Sendable {
    public var emoji: String
    public var from: String
    public var at: Date
    public init(emoji: String, from: String, at: Date) { self.emoji = emoji; self.from = from; self.at = at }
}

/// A message template as listed by Meta (only APPROVED ones may be sent).
public struct MessageTemplate: Equatable, Sendable {
    public var name: String
    public var language: String
    public var category: PricingCategory
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, …
    public var status: String
    /// Meta's `components` array as JSON.
    public var componentsJSON: String
    /// `positional` or `named`.
    public var parameterFormat: String
    public var updatedAt: Date
    /// Meta's quality rating of it (`GREEN`, `YELLOW`, `RED`), when Meta has said.
    public var quality: String?

    public init(name: String, language: String, category: PricingCategory, status: String, componentsJSON: String,
                parameterFormat: String, updatedAt: Date, quality: String? = nil) {
        self.name = name; self.language = language; self.category = category; self.status = status
        self.componentsJSON = componentsJSON; self.parameterFormat = parameterFormat; self.updatedAt = updatedAt
        self.quality = quality
    }
    public var isApproved: Bool { TemplateStatus.maySend(status) }
    /// The body text with its `{{placeholders}}` ("" when the components have no body).
    public var bodyText: String { TemplateRendering.body(ofComponents: componentsJSON) ?? "" }
}

/// One audit-trail entry.
public struct AuditEntry: Equatable, Sendable {
    public var id: Int64
    public var at: Date
    public var action: AuditAction
    public var actor: String?
    public var conversationID: Int64?
    public var fromAgent: String?
    public var toAgent: String?
    public var reason: String?
    public var detail: String?
    public init(id: Int64, at: Date, action: AuditAction, actor: String?, conversationID: Int64?, fromAgent: String?,
                toAgent: String?, reason: String?, detail: String?) {
        self.id = id; self.at = at; self.action = action; self.actor = actor; self.conversationID = conversationID
        self.fromAgent = fromAgent; self.toAgent = toAgent; self.reason = reason; self.detail = detail
    }
}

/// Totals of priced messages by market and category.
public struct CostReport: Equatable, Sendable {
    public struct Line: Equatable, Sendable {
        public var market: String
        public var category: PricingCategory
        public var messages: Int
        public var cost: Money
        public init(market: String, category: PricingCategory, messages: Int, cost: Money) {
            self.market = market; self.category = category; self.messages = messages; self.cost = cost
        }
    }
    public var currency: String
    public var total: Money
    public var lines: [Line]
    public init(currency: String, total: Money, lines: [Line]) {
        self.currency = currency; self.total = total; self.lines = lines
    }
}

public import Foundation
public import LoketDomain

/// A customer message as decoded from a webhook, ready to store.
public struct InboundMessage: Equatable, Sendable {
    public var wamid: String
    public var from: CustomerKey
    /// The WhatsApp profile name that came with it, if any.
    public var profileName: String?
    public var timestamp: Date
    public var kind: MessageKind
    public var body: String
    /// The wamid this message replies or reacts to.
    public var replyTo: String?
    /// Type-specific data as JSON.
    public var payload: String?
    /// The attachment of a media message (state ``MediaState/fetching``: the gateway downloads it next).
    public var media: MessageMedia?

    public init(wamid: String, from: CustomerKey, profileName: String?, timestamp: Date, kind: MessageKind,
                body: String, replyTo: String? = nil, payload: String? = nil, media: MessageMedia? = nil) {
        self.wamid = wamid; self.from = from; self.profileName = profileName; self.timestamp = timestamp
        self.kind = kind; self.body = body; self.replyTo = replyTo; self.payload = payload; self.media = media
    }
}

/// A delivery status for one of our outbound messages.
public struct StatusUpdate: Equatable, Sendable {
    public var wamid: String
    public var status: MessageStatus
    public var timestamp: Date
    public var errorCode: Int?
    public var errorTitle: String?
    /// Meta's pricing category, when the status carried one.
    public var pricingCategory: String?
    /// Meta's `pricing.billable` and `pricing.type`, when the status carried them (they decide the price).
    public var pricingBillable: Bool?
    public var pricingType: String?

    public init(wamid: String, status: MessageStatus, timestamp: Date, errorCode: Int? = nil,
                errorTitle: String? = nil, pricingCategory: String? = nil, pricingBillable: Bool? = nil, pricingType: String? = nil) {
        self.wamid = wamid; self.status = status; self.timestamp = timestamp; self.errorCode = errorCode
        self.errorTitle = errorTitle; self.pricingCategory = pricingCategory
        self.pricingBillable = pricingBillable; self.pricingType = pricingType
    }

    /// What Meta said about the price, if anything.
    public var metaPricing: MetaPricing? {
        guard pricingCategory != nil || pricingBillable != nil || pricingType != nil else { return nil }
        return MetaPricing(billable: pricingBillable, type: pricingType, category: pricingCategory.flatMap(PricingCategory.init(meta:)))
    }
}

/// A template's status or category changed at Meta (`message_template_status_update`, `template_category_update`).
public struct TemplateUpdate: Equatable, Sendable {
    public var name: String
    public var language: String?
    public var status: String?
    public var category: String?
    public var reason: String?
    /// Meta's quality rating of the template (`message_template_quality_update`).
    public var quality: String?
    public init(name: String, language: String?, status: String? = nil, category: String? = nil, reason: String? = nil,
                quality: String? = nil) {
        self.name = name; self.language = language; self.status = status; self.category = category; self.reason = reason
        self.quality = quality
    }
}

/// A customer's marketing preference (`user_preferences`: stop / resume).
public struct PreferenceChange: Equatable, Sendable {
    public var customer: CustomerKey
    public var optedOut: Bool
    public var timestamp: Date
    public init(customer: CustomerKey, optedOut: Bool, timestamp: Date) {
        self.customer = customer; self.optedOut = optedOut; self.timestamp = timestamp
    }
}

/// A customer's new WhatsApp number (`system.type = user_changed_number`): the customer and their history
/// move to it.
public struct NumberChange: Equatable, Sendable {
    public var from: CustomerKey
    public var to: PhoneNumber
    public var at: Date
    public init(from: CustomerKey, to: PhoneNumber, at: Date) { self.from = from; self.to = to; self.at = at }
}

/// Everything one webhook delivery carried, stored in one transaction.
public struct InboundBatch: Equatable, Sendable {
    public var messages: [InboundMessage]
    public var statuses: [StatusUpdate]
    /// Profile names learnt from `contacts[]`.
    public var profileNames: [CustomerKey: String]
    public var templateUpdates: [TemplateUpdate]
    public var preferenceChanges: [PreferenceChange]
    /// The number's quality rating (`GREEN`, `YELLOW`, `RED`), when an event reported it.
    public var qualityRating: String?
    /// The number's messaging limit as Meta last reported it (`TIER_1K`, `TIER_UNLIMITED`, or a daily count).
    public var messagingLimit: String?
    /// Account events and platform errors worth recording (`account_update`, `errors[]`, unknown fields).
    public var notices: [String]
    /// Changes for another business number of the same app, skipped (not stored).
    public var otherNumberChanges = 0
    /// Customers who moved to a new number.
    public var numberChanges: [NumberChange] = []
    /// Business-scoped user ids learnt from `contacts[]` that name a number too: kept beside the number, so a
    /// later webhook naming only the user id finds the same customer.
    public var userIDs: [PhoneNumber: String] = [:]

    public init(messages: [InboundMessage] = [], statuses: [StatusUpdate] = [], profileNames: [CustomerKey: String] = [:],
                templateUpdates: [TemplateUpdate] = [], preferenceChanges: [PreferenceChange] = [],
                qualityRating: String? = nil, notices: [String] = []) {
        self.messages = messages; self.statuses = statuses; self.profileNames = profileNames
        self.templateUpdates = templateUpdates; self.preferenceChanges = preferenceChanges
        self.qualityRating = qualityRating; self.notices = notices
    }

    /// Appends another batch (group commit stores several deliveries in one transaction).
    public mutating func append(_ other: InboundBatch) {
        messages += other.messages
        statuses += other.statuses
        profileNames.merge(other.profileNames) { _, new in new }
        templateUpdates += other.templateUpdates
        preferenceChanges += other.preferenceChanges
        qualityRating = other.qualityRating ?? qualityRating
        messagingLimit = other.messagingLimit ?? messagingLimit
        notices += other.notices
        otherNumberChanges += other.otherNumberChanges
        numberChanges += other.numberChanges
        userIDs.merge(other.userIDs) { _, new in new }
    }

    public var isEmpty: Bool {
        messages.isEmpty && statuses.isEmpty && profileNames.isEmpty && templateUpdates.isEmpty
            && preferenceChanges.isEmpty && qualityRating == nil && messagingLimit == nil && notices.isEmpty && numberChanges.isEmpty
    }
}

/// What storing a batch did.
public struct IngestResult: Equatable, Sendable {
    /// New messages stored (redeliveries of a known wamid are not counted).
    public var stored: Int
    /// Messages already known (redelivery).
    public var duplicates: Int
    /// Statuses that moved a message forward.
    public var statusesApplied: Int
    /// Statuses ignored (duplicate, out of order, unknown wamid).
    public var statusesIgnored: Int
    /// Conversations a customer wrote a new message in (each once, in order): who may get the away message.
    public var customersWrote: [Int64] = []
    /// New attachments waiting for download (the media fetcher wakes for them).
    public var mediaQueued = 0
    /// Customers' edits and deletions applied to earlier messages.
    public var revisions = 0
    public init(stored: Int = 0, duplicates: Int = 0, statusesApplied: Int = 0, statusesIgnored: Int = 0) {
        self.stored = stored; self.duplicates = duplicates
        self.statusesApplied = statusesApplied; self.statusesIgnored = statusesIgnored
    }
}

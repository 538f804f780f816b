public import Foundation
public import LoketDomain

/// The message store as the console, the gateway and the CLI see it: high-level operations, each atomic,
/// each applying the team rules of `LoketDomain` inside its own transaction. No SQL or database types
/// cross this boundary, so other backends (PostgreSQL for teams on several hosts) can stand beside SQLite.
/// It is the sum of what each client needs: ``ConsoleStore`` (an agent's console and the CLI's agent
/// commands), ``GatewayStore`` (the webhook receiver and the dispatchers), ``AdministrationStore`` (setup,
/// team, templates, export and import).
///
/// Errors thrown: ``Refusal`` (a rule said no; nothing changed), ``InputError``/``NotFound`` (bad input),
/// ``StoreUnavailable`` (temporary: the store could not be reached).
public protocol LoketStore: ConsoleStore, GatewayStore, AdministrationStore {}

/// Earlier name of the whole store API.
public typealias LoketStoreMaintenance = LoketStore

/// The business and who is on the team (component of ``ConsoleStore``).
public protocol TeamDirectory: Sendable {
    func business() async throws -> BusinessProfile?
    func agents() async throws -> [Agent]
    /// The team without counting each agent's open chats (`load` is 0): for who is online, cheaply.
    func agents(countingLoad: Bool) async throws -> [Agent]
    func agent(login: String) async throws -> Agent?
}

/// Changing the business and the team (component of ``AdministrationStore``). The first agent of an empty team is
/// always a supervisor; the team never loses its last supervisor (``TeamRules``).
public protocol TeamAdministration: Sendable {
    func saveBusiness(_ profile: BusinessProfile) async throws
    /// Adds a team member (the first agent of an empty team is always a supervisor); `osUser` is who runs `loket`
    /// as them on a SQLite desk (nil: the same as the login).
    @discardableResult
    func addAgent(login: String, name: String, role: Role, capacity: Int, osUser: String?) async throws -> Agent
    /// Changes a role; `by` must be a supervisor.
    func setRole(login: String, role: Role, by: String) async throws
}

/// The live change feed: what any process wrote, from an opaque ``FeedPosition``. Every committed change is read
/// once and a transaction's changes together; SQLite's come in commit order, PostgreSQL's by transaction.
public protocol ChangeFeed: Sendable {
    /// The newest position of the change feed.
    func latestChange() async throws -> FeedPosition
    /// Changes after `position`; a reader goes on from the last one's ``Change/position``.
    func changes(after position: FeedPosition, limit: Int) async throws -> [Change]
    /// A stream of change batches written by any process, as they commit (a backend without change events
    /// looks every `interval` seconds).
    func watchChanges(after position: FeedPosition, interval: TimeInterval) -> AsyncStream<[Change]>
}

/// What an agent's console (and the CLI's agent commands) read and do: the queue, conversations, the team
/// actions, drafts, canned replies, announcements, presence and the live change feed.
public protocol ConsoleStore: TeamDirectory, ChangeFeed {
    /// A queue tab, most urgent first; with `label`, only customers who have that label.
    func queue(_ tab: QueueTab, for agent: String, limit: Int, label: String?) async throws -> [ConversationSummary]
    func conversations(state: ConversationState?, label: String?, for agent: String?) async throws -> [ConversationSummary]
    func conversation(_ ref: ConversationRef, for agent: String?) async throws -> ConversationSummary
    /// Who the customer is: market, time zone, labels, opt-in, window, and the episodes of their conversation.
    func customerProfile(_ ref: ConversationRef) async throws -> CustomerProfile
    /// The open and pending conversations `agent` holds, by id (cheap: what changed hands is told by comparing them).
    func heldConversations(by agent: String) async throws -> Set<Int64>
    /// Counts per tab (waiting, mine, all) for the queue header; with `label`, of customers with that label.
    func queueCounts(for agent: String, label: String?) async throws -> (waiting: Int, mine: Int, all: Int)
    /// A page of a conversation's history, oldest first, ending before message id `before` (nil: the newest).
    func messages(in conversation: Int64, before: Int64?, limit: Int) async throws -> [Message]
    /// Marks what the customer wrote as read by `agent` in Loket (the queue's unread mark); the customer sees nothing.
    func markRead(conversation: Int64, by agent: String) async throws
    /// Tells the customer their messages were read (blue ticks; with `.typing`, Meta's typing indicator too) when
    /// ``ReadReceipts/sends(_:by:holder:mode:)`` says `trigger` by `agent` does: queued in the outbox when there is
    /// something new to mark (typing: always). True when queued. The mark-read key by someone else is refused.
    @discardableResult
    func sendReadReceipt(conversation: Int64, by agent: String, trigger: ReadReceiptTrigger, mode: ReadReceiptMode) async throws -> Bool
    func search(_ query: String, limit: Int) async throws -> [SearchHit]
    @discardableResult func claim(_ ref: ConversationRef, by agent: String) async throws -> Transition
    @discardableResult func assign(_ ref: ConversationRef, to target: String, by agent: String, reason: String?) async throws -> Transition
    /// Sets the conversation pending, until `until` when given (it comes back to its agent then, or when the
    /// customer writes); a time not in the future is bad input.
    @discardableResult func setPending(_ ref: ConversationRef, by agent: String, until: Date?) async throws -> Transition
    @discardableResult func resolve(_ ref: ConversationRef, by agent: String) async throws -> Transition
    /// Opens a resolved conversation again with its last agent (docs/SPEC.md §10); its last agent or a supervisor may.
    @discardableResult func reopen(_ ref: ConversationRef, by agent: String) async throws -> Transition
    /// Adds and removes labels on the conversation's customer (anyone on the team; audited); returns the labels now.
    @discardableResult
    func setLabels(_ ref: ConversationRef, add: [String], remove: [String], by agent: String) async throws -> [String]
    /// Labels in use, with how many customers have each, by name.
    func labels() async throws -> [(name: String, customers: Int)]
    /// Queues a free-form reply in the outbox (status `queued`); refused when the window is closed.
    func reply(_ ref: ConversationRef, by agent: String, text: String, replyTo: String?) async throws -> Message
    /// Reacts on a message of the conversation with one emoji ("" takes the business's reaction back); its
    /// holder or a supervisor, with the window open. Queued for WhatsApp; nothing else changes.
    func react(_ ref: ConversationRef, to wamid: String, emoji: String, by agent: String) async throws
    /// Queues an attachment (already kept in the media folder and checked against Meta's limits) with an
    /// optional caption, under the same rules as ``reply(_:by:text:replyTo:)``.
    func sendAttachment(_ ref: ConversationRef, by agent: String, attachment: OutgoingAttachment, caption: String?,
                        replyTo: String?) async throws -> Message
    /// Queues a text with reply buttons or a list (checked against Meta's limits first: ``InputError``), under the
    /// same rules as ``reply(_:by:text:replyTo:)``.
    func sendInteractive(_ ref: ConversationRef, by agent: String, message: InteractiveMessage, replyTo: String?) async throws -> Message
    /// The message with its attachment; ``NotFound`` when there is no such message or it has none.
    func attachment(ofMessage id: Int64) async throws -> (message: Message, media: MessageMedia)
    /// Adds a private note; never sent.
    func note(_ ref: ConversationRef, by agent: String, text: String) async throws -> Message
    /// Queues an approved template (allowed with the 24h window closed); every value is checked against it
    /// (``TemplateLayout/resolve(_:name:language:)``) before anything is queued.
    func sendTemplate(_ ref: ConversationRef, by agent: String, name: String, language: String?,
                      values: TemplateValues) async throws -> Message
    /// What `agent` has typed and not sent, by conversation.
    func drafts(agent: String) async throws -> [Int64: String]
    /// Keeps drafts (an empty text removes the conversation's draft). Drafts are private: no change is fed.
    func saveDrafts(_ drafts: [Int64: String], agent: String) async throws
    /// The team's canned replies, by shortcut.
    func cannedReplies() async throws -> [CannedReply]
    /// Adds or replaces one (supervisors).
    func saveCannedReply(shortcut: String, text: String, by: String) async throws
    /// Removes one (supervisors).
    func removeCannedReply(shortcut: String, by: String) async throws
    /// Resolves the audience and prices it; changes nothing. Refused unless `by` is a supervisor.
    func previewAnnouncement(template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                             by: String) async throws -> AnnouncementPreview
    /// Queues the announcement to every opted-in customer of the audience, in one transaction; returns its id.
    /// Messages are created just ahead of sending (``takeDue``), so queueing 100,000 recipients is quick.
    func startAnnouncement(template: String, language: String?, values: TemplateValues, audience: AudienceSpec,
                           by: String) async throws -> (id: Int64, preview: AnnouncementPreview)
    func announcementProgress(_ id: Int64) async throws -> AnnouncementProgress
    /// Stops an announcement: recipients not yet sent to are never sent to (messages already handed to
    /// the Cloud API cannot be called back). Supervisors only; audited.
    func cancelAnnouncement(_ id: Int64, by: String) async throws -> AnnouncementProgress
    /// Announcements with messages still waiting to be sent (the console's banner).
    func activeAnnouncements() async throws -> [(template: String, progress: AnnouncementProgress)]
    /// Marks `agent`'s console alive, with what it views and whether the agent is typing there.
    func heartbeat(agent: String, session: String, viewing: Int64?, typing: Int64?) async throws
    /// The console closed.
    func leave(agent: String, session: String) async throws
    /// Consoles whose heartbeat is fresh.
    func presence() async throws -> [PresenceInfo]
    func gatewayState() async throws -> GatewayState?
    func templates() async throws -> [MessageTemplate]
    /// What a template of `category` would cost sent now to the conversation's customer (their market, the
    /// window), from the rate card; nil without a rate card or a phone number.
    func price(category: PricingCategory, for ref: ConversationRef) async throws -> MessagePrice?
    func costReport(since: Date?) async throws -> CostReport
}

/// What a gateway does: store webhooks, dispatch the outbox and the downloads under leases, wake pending
/// chats, auto-assign, answer while closed, prune.
public protocol GatewayStore: Sendable {
    /// How many transactions storing webhooks are worth running at once (SQLite: one writer at a time).
    var writersAtOnce: Int { get }
    /// Stores a webhook delivery durably (committed when this returns); redelivered wamids are not duplicated.
    @discardableResult func ingest(_ batch: InboundBatch) async throws -> IngestResult
    func updateQualityRating(_ rating: String) async throws
    /// Opens every pending conversation whose time has come (any process may run it; each is woken once).
    @discardableResult func wakeDuePending(now: Date) async throws -> [Int64]
    /// Gives waiting conversations (oldest first, at most `limit`) to online agents under capacity, fairly;
    /// returns what was assigned to whom. Atomic: several processes may run it at once.
    func autoAssignWaiting(limit: Int) async throws -> [(conversation: Int64, agent: String)]
    /// Queues the away message to a customer who wrote while the business is closed (the closed period
    /// began at `closedSince`), when ``AwayMessage`` allows it: once per closed period (again after an agent
    /// answered), never to an opted-out customer, never outside the window. Returns it, or nil when not sent.
    @discardableResult
    func sendAwayMessage(_ conversation: Int64, text: String, closedSince: Date) async throws -> Message?
    /// Makes the caller the outbox's dispatcher for as long as it holds the returned value. A backend that
    /// allows one dispatcher (SQLite) throws ``OutboxOwned`` naming the live holder; one that allows several
    /// (their leases keep them apart) grants every caller.
    func acquireOutbox(holder: String) throws -> any OutboxOwnership
    /// Says the dispatcher `holder` is alive at `now` and returns the rate it may send at, decided by
    /// ``ThroughputShare`` from the other live dispatchers' rates and recorded in the same transaction, so several
    /// gateways on one store share Meta's `throughput` and never both take the same room. A backend that allows one
    /// dispatcher answers `throughput`.
    func dispatcherHeartbeat(holder: String, throughput: Int, now: Date) async throws -> Int
    /// The dispatcher `holder` stopped (the others take its share at their next heartbeat).
    func dispatcherLeft(holder: String) async throws
    /// Takes due outbox entries for sending, leased to `owner` (see ``OutboxLease``) so no other dispatcher
    /// takes them while `owner` lives.
    func takeDue(now: Date, limit: Int, owner: String) async throws -> [OutboxItem]
    /// Extends the leases `owner` holds.
    func renewLeases(owner: String, now: Date) async throws
    /// Releases entries whose lease (``OutboxLease``) expired while in flight: their dispatcher died. Returns how
    /// many (each may have been sent already: the only case in which a message can go out twice). A live
    /// dispatcher's leases are never touched.
    func requeueExpiredLeases(now: Date) async throws -> Int
    /// Records how a send attempt ended.
    func recordSend(outboxID: Int64, outcome: SendOutcome, at: Date) async throws
    /// Outbox depth and the age of its oldest entry.
    func outboxStats(now: Date) async throws -> (depth: Int, oldestAge: TimeInterval)
    /// What the gateway reports about itself (shown in the console header).
    func setGatewayState(_ state: GatewayState) async throws
    /// Takes inbound attachments due for download, leased to `owner` for ``OutboxLease/duration`` (a fetcher
    /// that dies leaves them to be taken again then).
    func takeDueMedia(now: Date, limit: Int, owner: String) async throws -> [MediaFetchJob]
    /// Extends the download leases `owner` holds (a long download keeps its file).
    func renewMediaLeases(owner: String, now: Date) async throws
    /// Records how downloads ended, in one transaction (any process may: `loket media get` fetches too).
    func recordMediaFetches(_ outcomes: [(messageID: Int64, outcome: MediaFetchOutcome)], at: Date) async throws
    /// Forgets what is no longer needed: all but the newest `keepChanges` change-feed rows, and statuses for
    /// wamids never recorded that are older than a day.
    func pruneExpired(keepChanges: Int, now: Date) async throws
}

/// Setup and administration: the business, the team and roles, templates, the audit trail and Meta's
/// notices, export and bulk import.
public protocol AdministrationStore: TeamAdministration {
    /// The audit trail, newest first; refused unless `by` is a supervisor.
    func audit(conversation: Int64?, limit: Int, by: String) async throws -> [AuditEntry]
    /// What Meta reported about the account and templates, and webhook changes Loket does not handle, newest first.
    /// Refused unless `by` is a supervisor (like the audit trail).
    func platformNotices(limit: Int, by: String) async throws -> [PlatformNotice]
    /// Installs the Bahasa Indonesia starter set into a store that has no canned replies yet; returns how many.
    @discardableResult func installStarterCannedReplies() async throws -> Int
    func upsertTemplates(_ templates: [MessageTemplate]) async throws
    /// Messages in id order, in pages; `after` is the last id seen.
    func exportMessages(_ filter: ExportFilter, after: Int64, limit: Int) async throws -> [MessageRecord]
    /// Seeds whole conversations in large transactions (demo data, history migration, benchmarks).
    func importHistory(_ conversations: [HistoryImport]) async throws
}


/// The store could not be reached or stayed busy too long (exit 75: try again).
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The store exists but cannot be used as it is: corrupt, not a Loket store, or written by a newer Loket
/// (exit 65: trying again will not help).
public struct StoreUnusable: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}


extension TeamAdministration {
    @discardableResult
    public func addAgent(login: String, name: String, role: Role, capacity: Int) async throws -> Agent {
        try await addAgent(login: login, name: name, role: role, capacity: capacity, osUser: nil)
    }
}

extension ConsoleStore {
    /// A template whose only variables are in its body.
    public func sendTemplate(_ ref: ConversationRef, by agent: String, name: String, language: String?,
                             parameters: [String]) async throws -> Message {
        try await sendTemplate(ref, by: agent, name: name, language: language, values: TemplateValues(body: parameters))
    }
    public func previewAnnouncement(template: String, language: String?, parameters: [String], audience: AudienceSpec,
                                    by: String) async throws -> AnnouncementPreview {
        try await previewAnnouncement(template: template, language: language, values: TemplateValues(body: parameters),
                                      audience: audience, by: by)
    }
    public func startAnnouncement(template: String, language: String?, parameters: [String], audience: AudienceSpec,
                                  by: String) async throws -> (id: Int64, preview: AnnouncementPreview) {
        try await startAnnouncement(template: template, language: language, values: TemplateValues(body: parameters),
                                    audience: audience, by: by)
    }

    /// A queue tab without a label filter.
    public func queue(_ tab: QueueTab, for agent: String, limit: Int) async throws -> [ConversationSummary] {
        try await queue(tab, for: agent, limit: limit, label: nil)
    }

    /// Counts per tab without a label filter.
    public func queueCounts(for agent: String) async throws -> (waiting: Int, mine: Int, all: Int) {
        try await queueCounts(for: agent, label: nil)
    }

    /// Sets the conversation pending with no time to come back.
    @discardableResult
    public func setPending(_ ref: ConversationRef, by agent: String) async throws -> Transition {
        try await setPending(ref, by: agent, until: nil)
    }

    /// Conversations in a state (nil: all), with unread counts for `agent`.
    public func conversations(state: ConversationState?, for agent: String?) async throws -> [ConversationSummary] {
        try await conversations(state: state, label: nil, for: agent)
    }
}

extension GatewayStore {
    /// Records how one download ended.
    public func recordMediaFetch(messageID: Int64, outcome: MediaFetchOutcome, at: Date) async throws {
        try await recordMediaFetches([(messageID, outcome)], at: at)
    }

    /// Takes due entries for a dispatcher that is alone in its process (tests, tools).
    public func takeDue(now: Date, limit: Int) async throws -> [OutboxItem] {
        try await takeDue(now: now, limit: limit, owner: "local")
    }
}

/// Held by the process that dispatches the outbox; releasing it (or the process ending) lets another take over.
public protocol OutboxOwnership: Sendable {
    func release()
}

/// Another live gateway dispatches this store's outbox (exit 75: stop it, or wait until it has stopped).
public struct OutboxOwned: Error, Sendable, CustomStringConvertible {
    /// Who holds it, as that process described itself (pid, host, start time).
    public let holder: String
    public init(holder: String) { self.holder = holder }
    public var description: String { "another gateway already dispatches this store's outbox (\(holder)); stop it first" }
}

/// Something Meta reported (account, quality, template events) or a webhook change Loket does not handle.
public struct PlatformNotice: Equatable, Sendable {
    public var at: Date
    public var detail: String
    /// How many identical notices one delivery carried.
    public var repeats: Int
    public init(at: Date, detail: String, repeats: Int) { self.at = at; self.detail = detail; self.repeats = repeats }
}

/// A backend that knows who connected (PostgreSQL: the database role the connection authenticated as); the agent
/// a command acts as is that identity (docs/SPEC.md §13), not the OS user.
public protocol ConnectedIdentity: Sendable {
    /// The connection's role, and whether it administers (may act as any agent).
    func connectedIdentity() async throws -> ActingIdentity.System
}

public import Foundation
public import LoketConfig
public import LoketDomain
public import LoketStore
import TermCore

/// Settings the console takes from loket.toml and the command line.
public struct ConsoleSettings: Sendable {
    public var slaMinutes: Int
    /// Messages per second the gateway may send (the announcement ETA).
    public var throughput = 80
    /// Announcements on F6–F9 (`[[announcements.presets]]`).
    public var presets: [LoketConfiguration.AnnouncementPreset] = []
    public var historyPage = 120
    public var queueLimit = 500
    /// The IANA time zone clock times are shown in ("Asia/Jakarta"); "" is the system's.
    public var timeZone: String
    /// The console's language (docs/SPEC.md §11).
    public var language: Words.Language = .en
    /// Opening hours (nil: always open): the header says "closed" outside them and SLA clocks count open time only.
    public var businessHours: BusinessHours?
    /// Where attachments are kept (docs/SPEC.md §9); nil: the console cannot attach files.
    public var mediaFolder: String?
    /// The media folder is shared by a team group (files 0660).
    public var sharedMedia = false
    /// What `o` reads to choose a viewer (`$DISPLAY`, `$WAYLAND_DISPLAY`, `$LOKET_OPENER`).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// When opening a conversation gives its customer blue ticks (docs/SPEC.md §9).
    public var readReceipts = ReadReceiptMode.onReply
    public init(slaMinutes: Int = 5, timeZone: String = "") { self.slaMinutes = slaMinutes; self.timeZone = timeZone }
}

/// The console's brain: loads from the store, turns keys into store operations under the team rules,
/// follows the change feed, and draws the state into a ``ScreenBuffer``. It never touches a terminal, so
/// tests drive it on the in-memory screen exactly as the real terminal does.
@MainActor
public final class ConsoleController {
    public internal(set) var state: ConsoleState
    let store: any ConsoleStore
    public let keymap: Keymap
    public var theme: Theme
    let settings: ConsoleSettings
    let clock: @Sendable () -> Date
    let calendar: Calendarist
    let session = UUID().uuidString
    public private(set) var quitRequested = false
    var lastHeartbeat = Date.distantPast
    var typingSince: Date?
    /// When the customer's typing indicator was last sent, by conversation.
    var typingIndicatorSent: [Int64: Date] = [:]
    /// Store writes run off the event loop (ConsoleController+Writes.swift, +Presence.swift).
    let heartbeats = WriteSlot()
    let readMarkers = WriteSlot()
    let typingIndicators = WriteSlot()
    let draftWrites = WriteSlot()
    /// The drafts as the store has them (ConsoleController+Drafts.swift).
    var savedDrafts: [Int64: String] = [:]
    var actionTask: Task<Void, Never>?
    var actionsStarted = 0
    var actionsSettled = 0
    var completions: [@MainActor () async -> Void] = []
    var writesInFlight: Set<Int> = []
    var writeCount = 0
    /// Tells the loop that a write finished or the store became busy (it drains and redraws).
    var wake: @MainActor () -> Void = {}
    var conversationsToMarkRead: Set<Int64> = []
    var reloadQueueAfterMarkingRead = false
    var reloadHeaderAfterHeartbeat = false
    var leaving = false
    var historyCache: (key: HistoryKey, lines: [MessageLines.Line], owners: [Int64])?
    /// Messages already laid out (MessageLines.Cache): reopening a conversation re-wraps nothing.
    var messageLineCache = MessageLines.Cache()
    var lastHistoryHeight = 0
    /// The size of the last frame: dialogs and the queue keep their scroll for it.
    var lastScreenSize = (width: 80, height: 24)
    /// The chats this agent holds, as last seen, and the ones its own keys changed since (ConsoleController+Moves.swift).
    var mine: Set<Int64>?
    /// While starting: the queue loads this many rows for the first frame (one screen), then the rest.
    var startRows: Int?
    var queueIsPartial = false
    var ownWrites: Set<Int64> = []
    /// Open dialogs, bottom first: the last one reads the keys (ConsoleController+Dialogs.swift).
    var dialogs: [any Dialog] = []
    /// Ctrl-Z was pressed: the loop suspends the terminal (it owns the backend) and redraws after `fg`.
    public internal(set) var suspendRequested = false
    /// The composer asked for $EDITOR: the loop runs it (``ConsoleController/editDraft(with:)``).
    public internal(set) var editorRequested = false
    /// `o` chose a viewer that needs the loop (it owns the terminal).
    var openRequested: AttachmentOpener.Plan?
    var presenceDirty = false
    var ticks = 0

    public init(store: any ConsoleStore, me: Agent, keymap: Keymap = Keymap(), theme: Theme, settings: ConsoleSettings = ConsoleSettings(),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.keymap = keymap
        self.theme = theme
        self.settings = settings
        self.clock = clock
        let words = Words.bundled(settings.language)
        calendar = Calendarist(timeZone: settings.timeZone, words: words)
        state = ConsoleState(me: me)
        state.words = words
    }

    /// Words in the console's language: `w("claimed {1}", name)`.
    func w(_ phrase: String, _ args: any CustomStringConvertible...) -> String { state.words.translate(phrase, args.map(\.description)) }

    // MARK: Loading

    /// The first full load (header, queue, selected conversation) and the first heartbeat. The heartbeat (a
    /// durable write) does not hold the first frame: the header is reloaded when it is written. With
    /// `screenRows`, the queue loads one screen of rows for the first frame; ``completeStart()`` loads the rest.
    public func start(screenRows: Int? = nil) async {
        startRows = screenRows
        defer { startRows = nil }
        noteOpeningHours()
        heartbeat(force: true)
        if let first = heartbeats.task, !(await BoundedWait.finishes(first, within: Self.busyAfter)) {
            reloadHeaderAfterHeartbeat = true
        }
        await loadDrafts()
        await reloadHeader()
        await reloadQueue()
        await loadConversation(resetScroll: true)
        await rememberMine()
        queueIsPartial = screenRows != nil
    }

    /// After the first frame: the queue's rows beyond the first screen.
    public func completeStart() async {
        guard queueIsPartial else { return }
        queueIsPartial = false
        await reloadQueue()
    }

    func reloadHeader() async {
        do {
            state.business = try await store.business()
            state.gateway = try await store.gatewayState()
            // Who is online, without counting everyone's chats; only this agent's load (capacity) is counted.
            state.agents = try await store.agents(countingLoad: false)
            if let me = try await store.agent(login: state.me.login) { state.me = me }
            state.presence = try await store.presence()
            state.online = state.agents.filter(\.online).map(\.login)
            // This console is running: its agent is online even before its first heartbeat is written.
            if !state.online.contains(state.me.login) { state.online.append(state.me.login) }
        } catch { report(error) }
        await reloadHeaderFigures()
    }

    /// The header's figures that move with messages: today's spend (a template priced on delivery) and
    /// running announcements.
    func reloadHeaderFigures() async {
        do {
            state.spendToday = try await store.costReport(since: calendar.startOfDay(clock())).total
            state.announcements = try await store.activeAnnouncements()
        } catch { report(error) }
    }

    func reloadQueue() async {
        do {
            state.counts = try await store.queueCounts(for: state.me.login, label: state.labelFilter)
            state.teamWaiting = state.labelFilter == nil ? state.counts.waiting : try await store.queueCounts(for: state.me.login).waiting
            let limit = startRows.map { min(settings.queueLimit, max(1, $0)) } ?? settings.queueLimit
            state.rows = try await store.queue(state.tab, for: state.me.login, limit: limit, label: state.labelFilter)
            // A selected conversation that left this tab (claimed, reassigned, resolved elsewhere) stays open:
            // live updates never move the agent's selection; only their own keys do.
            if state.selectedID == nil { state.selectedID = state.rows.first?.id }
        } catch { report(error) }
    }

    /// Loads the selected conversation (the newest page, or everything from the oldest loaded message on).
    func loadConversation(resetScroll: Bool) async {
        guard let id = state.selectedID else {
            state.conversation = nil; state.messages = []; return
        }
        do {
            let summary = try await store.conversation(.id(id), for: state.me.login)
            var messages = try await store.messages(in: id, before: nil, limit: settings.historyPage)
            if !resetScroll, state.conversation?.id == id, let oldest = state.messages.first?.id, let first = messages.first?.id, oldest < first {
                // Keep older pages the agent scrolled back to.
                let older = try await store.messages(in: id, before: first, limit: Int(first - oldest) + 1).filter { $0.id >= oldest }
                messages = older + messages
            } else if resetScroll || state.conversation?.id != id {
                state.scrollBack = 0
            }
            if state.conversation?.id != id || !messages.contains(where: { $0.id == state.messageCursor }) { state.messageCursor = nil }
            if state.conversation?.id != id {
                // Switching conversations: keep the draft of the one we leave.
                if let old = state.conversation?.id { state.drafts[old] = state.composer }
                state.quoting = nil
                state.composer = state.drafts[id] ?? ComposerBuffer()
                state.hasOlderMessages = messages.count >= settings.historyPage
            }
            state.conversation = summary
            state.messages = messages
        } catch { report(error) }
    }

    func loadOlderMessages() async {
        guard let id = state.conversation?.id, let first = state.messages.first?.id, state.hasOlderMessages else { return }
        do {
            let older = try await store.messages(in: id, before: first, limit: settings.historyPage)
            state.hasOlderMessages = older.count >= settings.historyPage
            state.messages = older + state.messages
        } catch { report(error) }
    }

    // MARK: Live updates

    /// What other consoles and the gateway wrote: reload only what it touches, keeping selection, scroll
    /// position and the draft.
    public func apply(_ changes: [Change]) async {
        guard !changes.isEmpty else { return }
        let kinds = Set(changes.map(\.kind))
        if !kinds.isDisjoint(with: [.agent, .business, .presence, .template, .announcement]) {
            await reloadHeader()
        } else if kinds.contains(.message) {
            await reloadHeaderFigures()
        }
        await refreshDialogs(after: changes)
        if !kinds.isDisjoint(with: [.conversation, .message, .audit]) {
            let (before, beforeIndex) = (state.selectedID, state.selectedIndex)
            await reloadQueue()
            if !kinds.isDisjoint(with: [.conversation, .audit]) { await announceMoves() }
            // Not while the agent's own write is in flight: its result decides where the selection goes.
            if let before, let beforeIndex, state.selectedIndex == nil, dialogs.isEmpty, state.composing == nil, state.pendingAction == nil {
                await followSelectionThatLeft(before, from: beforeIndex)
                return
            }
            if let open = state.conversation?.id, changes.contains(where: { $0.conversationID == open }) {
                await loadConversation(resetScroll: false)
                if state.pane == .conversation { markRead(open, thenReloadQueue: false) }
            } else if state.conversation?.id != state.selectedID {
                await loadConversation(resetScroll: true)
            }
        }
    }

    /// The selected row left this tab through someone else's write (claimed, moved, resolved): the
    /// selection moves to the row now in its place and the conversation pane with it, so what is marked,
    /// shown and acted on stay one thing; the status line says what happened.
    func followSelectionThatLeft(_ id: Int64, from index: Int) async {
        let left = try? await store.conversation(.id(id), for: state.me.login)
        state.selectedID = state.rows.isEmpty ? nil : state.rows[min(index, state.rows.count - 1)].id
        await loadConversation(resetScroll: true)
        presenceDirty = true
        guard let left else { return }
        let name = Format.name(left.customer)
        switch (left.state, left.assignee) {
        case (.resolved, _): say("{1} was resolved", name)
        case (_, let who?) where who == state.me.login: say("{1} was moved to you (Mine tab)", name)
        case (.open, let who?) where state.tab == .waiting: say("{1} was claimed by {2}", name, who)
        case (_, let who?): say("{1} was moved to {2}", name, who)
        default: say("{1} left the {2} tab", name, state.tab.rawValue.capitalized)
        }
    }

    /// Once a second: countdowns move, status lines expire, presence stays fresh.
    public func tick() async {
        ticks += 1
        if let s = state.status, s.until <= clock() { state.status = nil }
        noteOpeningHours()
        // Someone whose console died drops out of "online" without writing anything: look every 5 s.
        if ticks % 5 == 0 { await reloadHeader() }
        await refreshDialogs(after: nil)
        if let since = typingSince, clock().timeIntervalSince(since) > PresenceTimings.typingLasts { typingSince = nil; heartbeat(force: true) }
        heartbeat(force: presenceDirty)
        if ticks % 3 == 0 { saveDraftsIfChanged() }
    }

    /// Whether the business is closed now (the header says so).
    func noteOpeningHours() {
        state.businessClosed = settings.businessHours.map { !$0.isOpen(at: clock(), offset: calendar.offset) } ?? false
    }

    /// Seconds a customer has waited since `since`, as the first-response SLA counts them: open time only.
    func slaWait(since: Date, now: Date) -> TimeInterval {
        settings.businessHours.map { $0.openSeconds(from: since, to: now, offset: calendar.offset) } ?? now.timeIntervalSince(since)
    }

    /// Open dialogs reread what they show (an announcement's progress, the customer panel): after store
    /// changes, or (nil) on the one-second tick.
    func refreshDialogs(after changes: [Change]?) async {
        for dialog in dialogs { await dialog.refresh(in: self, after: changes) }
    }

    // MARK: Status line

    /// A status line, in the console's language: `say("claimed {1}", name)`.
    func say(_ phrase: String, _ args: any CustomStringConvertible...) {
        state.status = .init(text: state.words.translate(phrase, args.map(\.description)), isError: false, until: clock().addingTimeInterval(5))
    }

    func report(_ error: any Error) {
        let text: String
        switch error {
        case let r as Refusal: text = state.words(r.phrase)
        case let e as InputError: text = state.words(e.phrase)
        case let n as NotFound: text = state.words(n.phrase)
        case let u as StoreUnavailable: text = u.message
        default: text = "\(error)"
        }
        warn(text)
    }

    /// An error-coloured status line (its first line only), in the console's language.
    func warn(_ phrase: String, _ args: any CustomStringConvertible...) {
        let text = state.words.translate(phrase, args.map(\.description))
        state.status = .init(text: text.split(separator: "\n").first.map(String.init) ?? text, isError: true,
                             until: clock().addingTimeInterval(8), isStoreBusy: phrase.hasPrefix("store busy"))
    }

    /// Ends the loop at its next event (the `q` key, Ctrl-C, or a benchmark that runs ``ConsoleLoop``).
    public func requestQuit() { quitRequested = true }
}

public import Foundation
public import LoketDomain
public import LoketStore

/// Everything the console shows. Panes draw from it; controllers change it.
public struct ConsoleState: Sendable {
    public enum Pane: Sendable { case queue, conversation }

    /// What the composer is writing.
    public enum Composing: Sendable, Equatable { case reply, note }

    public struct StatusLine: Sendable, Equatable {
        public var text: String
        public var isError: Bool
        public var until: Date
        /// Says a write waits for another process (the footer then shows no second "store busy").
        public var isStoreBusy = false
    }

    public var me: Agent
    /// Every word the console shows, in the agent's language.
    public var words: Words = .english
    public var business: BusinessProfile?
    public var gateway: GatewayState?
    public var online: [String] = []
    public var presence: [PresenceInfo] = []
    public var spendToday: Money?
    /// Outside the business's opening hours (or on a holiday) now.
    public var businessClosed = false
    /// Announcements being sent: template and progress (the header banner).
    public var announcements: [(template: String, progress: AnnouncementProgress)] = []

    public var pane: Pane = .queue
    /// The composer has the keyboard (nil: the queue and conversation keys do; dialogs sit above both).
    public var composing: Composing?
    public var tab: QueueTab = .waiting
    /// The queue shows only customers with this label (`L`); nil shows everyone.
    public var labelFilter: String?
    public var rows: [ConversationSummary] = []
    public var counts: (waiting: Int, mine: Int, all: Int) = (0, 0, 0)
    /// Everyone waiting, whatever the label filter (the header's figure).
    public var teamWaiting = 0
    /// The selected conversation, kept by id so live updates never move the agent's selection.
    public var selectedID: Int64?
    public var queueScroll = 0

    /// The conversation on the right and its loaded history (oldest first).
    public var conversation: ConversationSummary?
    public var messages: [Message] = []
    public var hasOlderMessages = false
    /// Lines scrolled up from the newest message (0: following the conversation).
    public var scrollBack = 0
    /// The message under the cursor (j/k with the conversation pane focused); nil follows the newest.
    public var messageCursor: Int64?

    /// Drafts by conversation, so nothing typed is lost when the agent looks elsewhere.
    public var drafts: [Int64: ComposerBuffer] = [:]
    public var composer = ComposerBuffer()
    /// The message the reply being written quotes (`R`), if any.
    public var quoting: Message?

    public var agents: [Agent] = []

    public var status: StatusLine?
    /// The key's store write not yet done ("claim", "reply", …); another one is refused meanwhile.
    public var pendingAction: String?
    /// A store write has waited longer than a moment (another process holds the write lock).
    public var storeBusy = false

    public init(me: Agent) { self.me = me }

    /// The message the cursor is on: what quoting, reacting and opening an attachment act on.
    public var selectedMessage: Message? { messageCursor.flatMap { id in messages.last { $0.id == id } } }

    public var selectedIndex: Int? { rows.firstIndex { $0.id == selectedID } }
    public var selected: ConversationSummary? { selectedIndex.map { rows[$0] } }

    /// Other agents in the open conversation: who views it and who is typing.
    public var othersHere: (viewing: [String], typing: [String]) {
        guard let id = conversation?.id else { return ([], []) }
        let others = presence.filter { $0.agent != me.login }
        return (others.filter { $0.viewing == id }.map(\.agent), others.filter { $0.typing == id }.map(\.agent))
    }
}

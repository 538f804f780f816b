public import Foundation

/// `[console] read_receipts` (docs/SPEC.md §9): when opening a conversation counts as reading it for the customer.
public enum ReadReceiptMode: String, Sendable, CaseIterable {
    /// Blue ticks only when the holder replies, starts typing or presses the mark-read key (the default).
    case onReply = "on_reply"
    /// Also when the holder opens the conversation (or it is open on their screen as new messages arrive).
    case onOpen = "on_open"
}

/// What an agent did that might tell the customer their messages were read.
public enum ReadReceiptTrigger: String, Sendable {
    case opened, replied, typing, markReadKey = "mark_read_key"
}

/// Who gives the customer blue ticks, and when (docs/SPEC.md §9): only the conversation's holder, and never just
/// by looking (a supervisor reading along marks nothing, Chatwoot's most asked-for fix).
public enum ReadReceipts {
    /// While the holder types, Meta's typing indicator is sent again at most this often (it shows for 25 s).
    public static let typingRefresh: TimeInterval = 20

    /// Does `trigger` by `actor` mark the customer's messages read at WhatsApp? `holder` is the conversation's
    /// assignee after the action (a reply that claims a waiting chat makes its sender the holder).
    public static func sends(_ trigger: ReadReceiptTrigger, by actor: String, holder: String?, mode: ReadReceiptMode) -> Bool {
        guard let holder, holder == actor else { return false }
        return trigger != .opened || mode == .onOpen
    }

    /// The mark-read key: only the holder may tell the customer their messages were read.
    public static func markRead(_ c: ConversationFacts, by actor: Actor) throws(Refusal) {
        guard let holder = c.assignee else { throw Refusal("claim this conversation first (c) before you mark it read for the customer") }
        guard holder == actor.login else { throw Refusal("only {1}, who holds this conversation, marks it read for the customer", holder) }
    }

    /// Is the typing indicator due again, `lastSent` being when it was last sent for this conversation?
    public static func typingDue(lastSent: Date?, now: Date) -> Bool {
        guard let lastSent else { return true }
        return now.timeIntervalSince(lastSent) >= typingRefresh
    }
}

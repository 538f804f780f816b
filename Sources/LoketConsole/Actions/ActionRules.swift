import Foundation
import LoketDomain
import LoketStore

/// Why an action is not allowed right now, asked of the same team rules the store applies
/// (``ConversationRules``), so the footer and help can say so before the key is pressed.
enum Rules {
    static let supervisor: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        s.me.role == .supervisor ? nil : s.words("only supervisors send announcements")
    }

    static let needsConversation: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        s.conversation == nil ? s.words("select a conversation first") : nil
    }

    static let markRead: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.conversation else { return s.words("select a conversation first") }
        do { try ReadReceipts.markRead(c.facts, by: s.me.actor); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    static let claim: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.selected ?? s.conversation else { return s.words("nothing selected") }
        do { _ = try ConversationRules.claim(c.facts, by: s.me.actor); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    static let resolve: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.conversation else { return s.words("select a conversation first") }
        do { _ = try ConversationRules.resolve(c.facts, by: s.me.actor); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    static let reopen: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.conversation else { return s.words("select a conversation first") }
        guard c.state == .resolved else { return s.words("only a resolved conversation can be reopened") }
        do { _ = try ConversationRules.reopen(c.facts, by: s.me.actor); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    static let pending: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.conversation else { return s.words("select a conversation first") }
        do { _ = try ConversationRules.setPending(c.facts, by: s.me.actor); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    /// Opening needs a message with an attachment under the cursor.
    static let attachment: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let m = s.selectedMessage else { return s.words("select a message first (Tab, then j/k)") }
        return m.media == nil ? s.words("the selected message has no attachment") : nil
    }

    /// Quoting needs a customer's or an agent's message under the cursor that WhatsApp knows (it has a wamid).
    static let quote: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let m = s.selectedMessage else { return s.words("select a message first (Tab, then j/k)") }
        guard m.wamid != nil, m.direction == .inbound || m.direction == .outbound else { return s.words("only a sent or received message can be quoted") }
        return nil
    }

    /// Reacting needs a sent or received message under the cursor, and a reply's rules (holder or supervisor,
    /// window open).
    static let react: @Sendable (ConsoleState, Date) -> String? = { s, now in
        guard let m = s.selectedMessage else { return s.words("select a message first (Tab, then j/k)") }
        guard m.wamid != nil, m.direction == .inbound || m.direction == .outbound else {
            return s.words("only a sent or received message can be reacted to")
        }
        guard let c = s.conversation else { return s.words("select a conversation first") }
        do { try ConversationRules.react(c.facts, by: s.me.actor, at: now); return nil } catch { return (error as? Refusal).map { s.words($0.phrase) } ?? "\(error)" }
    }

    /// Agents may hand over only the chats they hold; moving others' chats is for supervisors.
    static let assign: @Sendable (ConsoleState, Date) -> String? = { s, _ in
        guard let c = s.conversation else { return s.words("select a conversation first") }
        guard s.me.role != .supervisor else { return nil }
        guard let holder = c.assignee else { return s.words("only a supervisor may assign a waiting chat; claim it yourself") }
        return holder == s.me.login ? nil : s.words("only a supervisor may reassign {1}'s chat", holder)
    }
}

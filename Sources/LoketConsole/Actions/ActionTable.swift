public import Foundation
import LoketDomain
import LoketStore

/// One action in one scope: its footer label, its help line, whether the footer shows it, and why it is
/// not allowed right now (nil: allowed). lazygit's `Binding{Key, Handler, Description, GetDisabledReason}`.
public struct ActionBinding: Sendable {
    public let action: Action
    public let scope: KeyScope
    /// Help-screen group within the scope (the queue's keys come in four groups).
    public let group: String
    public let label: String
    public let summary: String
    public let inFooter: Bool
    let disabled: (@Sendable (ConsoleState, Date) -> String?)?

    init(_ action: Action, _ scope: KeyScope, group: String? = nil, _ label: String, _ summary: String, footer: Bool = false,
         disabled: (@Sendable (ConsoleState, Date) -> String?)? = nil) {
        self.action = action
        self.scope = scope
        self.group = group ?? scope.title
        self.label = label
        self.summary = summary
        inFooter = footer
        self.disabled = disabled
    }

    /// Why the action cannot be used now, said before the key is pressed (footer, help) and when it is.
    public func disabledReason(_ state: ConsoleState, now: Date) -> String? { disabled?(state, now) }
}

/// Every action of the console, declared once: key handling, the footer and the help screen are
/// generated from this table and the keymap, in every mode. The queue's and the composer's keys are
/// declared here; each widget and dialog declares its own in its file (``DialogRegistry``). Built once.
public enum ActionTable {
    /// Actions that work in every scope (listed once, under the queue's keys).
    public static let everywhere: Set<Action> = [.suspend]

    static let queueAndComposer: [ActionBinding] = {
        var t: [ActionBinding] = []
        func add(_ a: Action, _ s: KeyScope, _ group: String? = nil, _ label: String, _ summary: String, footer: Bool = false,
                 disabled: (@Sendable (ConsoleState, Date) -> String?)? = nil) {
            t.append(ActionBinding(a, s, group: group, label, summary, footer: footer, disabled: disabled))
        }
        let general = "General", moving = "Moving around", conv = "Conversation", ann = "Announcements"
        // The queue and the conversation (footer order is docs/SPEC.md §4's).
        add(.help, .normal, general, "help", "Show this help (j/k scroll, any other key closes it)", footer: true)
        add(.nextPane, .normal, general, "pane", "Switch between the queue and the conversation", footer: true)
        add(.open, .normal, moving, "open", "Open the selected conversation, then write a reply", footer: true)
        add(.moveDown, .normal, moving, "down", "Next conversation, or the next message (conversation pane)")
        add(.moveUp, .normal, moving, "up", "Previous conversation, or the previous message")
        add(.pageDown, .normal, moving, "page down", "Scroll a page down")
        add(.pageUp, .normal, moving, "page up", "Scroll a page up (older messages load as you go)")
        add(.top, .normal, moving, "first", "First conversation / oldest loaded message")
        add(.bottom, .normal, moving, "last", "Last conversation / newest message")
        add(.tabWaiting, .normal, moving, "Waiting", "Waiting tab: unassigned, most urgent first")
        add(.tabMine, .normal, moving, "Mine", "Mine tab: conversations you hold")
        add(.tabAll, .normal, moving, "All", "All tab: every conversation, latest first")
        add(.claim, .normal, conv, "claim", "Claim the selected waiting conversation", footer: true, disabled: Rules.claim)
        add(.assign, .normal, conv, "assign", "Assign or reassign (choose an agent)", footer: true, disabled: Rules.assign)
        add(.resolve, .normal, conv, "resolve", "Resolve the conversation", footer: true, disabled: Rules.resolve)
        add(.reopen, .normal, conv, "reopen", "Reopen a resolved conversation (back to its agent)", disabled: Rules.reopen)
        add(.pending, .normal, conv, "pending", "Set pending, optionally until a time (2h, 16:30, besok 09:00)", disabled: Rules.pending)
        add(.label, .normal, conv, "label", "Add or remove the customer's labels (type to filter or create)", disabled: Rules.needsConversation)
        add(.labelFilter, .normal, moving, "by label", "Show only customers with a label (choose none to show all)")
        add(.customer, .normal, conv, "customer", "Who the customer is: market, local time, labels, earlier episodes", disabled: Rules.needsConversation)
        add(.cannedReplies, .normal, general, "canned", "The team's canned replies (supervisors add, edit, delete)")
        add(.quote, .normal, conv, "quote", "Reply quoting the selected message (j/k in the conversation pane)", disabled: Rules.quote)
        add(.react, .normal, conv, "react", "React on the selected message (👍 ❤️ 😂 😮 😢 🙏 or take it back)", disabled: Rules.react)
        add(.markRead, .normal, conv, "mark read", "Give the customer blue ticks now (only the conversation's holder)",
            disabled: Rules.markRead)
        add(.openAttachment, .normal, conv, "open file", "Open the selected message's file (photo, document, voice note)",
            disabled: Rules.attachment)
        add(.note, .normal, conv, "note", "Write a private note (never sent to the customer)", footer: true, disabled: Rules.needsConversation)
        add(.template, .normal, conv, "template", "Send an approved template (works with the 24h window closed)", footer: true,
            disabled: Rules.needsConversation)
        add(.announce, .normal, ann, "announce", "New announcement: template, audience, preview (supervisors)", footer: true, disabled: Rules.supervisor)
        for p in [Action.presetF6, .presetF7, .presetF8, .presetF9] {
            add(p, .normal, ann, "preset", "Preset announcements from loket.toml (one confirmation)", disabled: Rules.supervisor)
        }
        add(.search, .normal, general, "search", "Search all conversations (full text)", footer: true)
        add(.quit, .normal, general, "quit", "Quit Loket", footer: true)
        add(.suspend, .normal, general, "suspend", "Suspend Loket and return to the shell (fg brings it back)")
        // The composer.
        add(.send, .composer, nil, "send", "Send the reply (or save the note)", footer: true)
        add(.back, .composer, nil, "leave (draft kept)", "Leave the composer; the draft is kept", footer: true)
        add(.newline, .composer, nil, "new line", "New line", footer: true)
        add(.canned, .composer, nil, "canned", "As the first character: the canned replies, filtered as you type", footer: true)
        add(.editor, .composer, nil, "$EDITOR", "Write the draft in $EDITOR (the result comes back here)", footer: true)
        add(.attach, .composer, nil, "attach", "Attach a file (Tab completes the path); the draft is its caption", footer: true)
        return t
    }()

    public static let all: [ActionBinding] = queueAndComposer + DialogRegistry.kinds.flatMap(\.bindings)

    /// The scopes in the order the table declares them (the help screen's order).
    public static let scopeOrder: [KeyScope] = all.reduce(into: []) { order, b in if !order.contains(b.scope) { order.append(b.scope) } }

    /// The bindings of a scope, in table order.
    public static let byScope: [KeyScope: [ActionBinding]] = Dictionary(grouping: all, by: \.scope)

    /// The scopes an action is read in (for the keymap's lookup and its conflict check).
    public static let scopes: [Action: [KeyScope]] = {
        var s: [Action: [KeyScope]] = [:]
        for b in all where !everywhere.contains(b.action) && !(s[b.action]?.contains(b.scope) ?? false) { s[b.action, default: []].append(b.scope) }
        for a in everywhere { s[a] = scopeOrder }
        return s
    }()

    private static let index: [KeyScope: [Action: ActionBinding]] =
        byScope.mapValues { Dictionary($0.map { ($0.action, $0) }, uniquingKeysWith: { a, _ in a }) }

    public static func binding(_ action: Action, in scope: KeyScope) -> ActionBinding? { index[scope]?[action] }

    /// Why `action` is not allowed now in `scope`, or nil.
    public static func disabledReason(_ action: Action, in scope: KeyScope, state: ConsoleState, now: Date) -> String? {
        binding(action, in: scope)?.disabledReason(state, now: now)
    }
}

import Foundation
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

    /// Why the action cannot be used now, said before the key is pressed (footer, help) and when it is.
    public func disabledReason(_ state: ConsoleState, now: Date) -> String? { disabled?(state, now) }
}

/// Every action of the console, declared once: key handling, the footer and the help screen are
/// generated from this table and the keymap, in every mode. Built once.
public enum ActionTable {
    /// Actions that work in every scope (listed once, under the queue's keys).
    public static let everywhere: Set<Action> = [.suspend]

    public static let all: [ActionBinding] = {
        var t: [ActionBinding] = []
        func add(_ a: Action, _ s: KeyScope, _ group: String? = nil, _ label: String, _ summary: String, footer: Bool = false,
                 disabled: (@Sendable (ConsoleState, Date) -> String?)? = nil) {
            t.append(ActionBinding(action: a, scope: s, group: group ?? s.title, label: label, summary: summary, inFooter: footer, disabled: disabled))
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
        add(.pending, .normal, conv, "pending", "Set pending (waiting on the customer or a third party)", disabled: Rules.pending)
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
        add(.newline, .composer, nil, "new line", "New line", footer: true)
        add(.editor, .composer, nil, "$EDITOR", "Write the draft in $EDITOR (the result comes back here)", footer: true)
        add(.back, .composer, nil, "leave (draft kept)", "Leave the composer; the draft is kept", footer: true)
        // Search.
        add(.select, .searchInput, nil, "search", "Search", footer: true)
        add(.back, .searchInput, nil, "back", "Back to where you were", footer: true)
        add(.select, .searchResults, nil, "open", "Open the selected conversation", footer: true)
        add(.moveDown, .searchResults, nil, "next", "Next result (the conversation pane follows)", footer: true)
        add(.moveUp, .searchResults, nil, "previous", "Previous result")
        add(.pageDown, .searchResults, nil, "page down", "A page of results down")
        add(.pageUp, .searchResults, nil, "page up", "A page of results up")
        add(.search, .searchResults, nil, "new search", "Type a new search", footer: true)
        add(.back, .searchResults, nil, "back", "Back to where you were", footer: true)
        add(.quit, .searchResults, nil, "quit", "Quit Loket")
        // Lists in dialogs.
        add(.select, .list, nil, "choose", "Choose the selected row", footer: true)
        add(.moveDown, .list, nil, "next", "Next row", footer: true)
        add(.moveUp, .list, nil, "previous", "Previous row")
        add(.back, .list, nil, "cancel", "Close the dialog (or go back a step)", footer: true)
        // One-line fields in dialogs.
        add(.select, .field, nil, "next / done", "Next field; on the last one, go on", footer: true)
        add(.nextField, .field, nil, "next", "Next field (the audience: cycle open/all/label:/country:)", footer: true)
        add(.previousField, .field, nil, "previous", "Previous field", footer: true)
        add(.back, .field, nil, "back", "Go back a step", footer: true)
        // Confirmations.
        add(.yes, .confirm, nil, "yes", "Do it", footer: true)
        add(.back, .confirm, nil, "back", "Don't (go back)", footer: true)
        add(.no, .confirm, nil, "back", "Don't (go back)", footer: true)
        // The announcement progress dialog.
        add(.cancelAnnouncement, .progress, nil, "cancel it", "Stop sending to the customers not reached yet", footer: true,
            disabled: Rules.cancellable)
        add(.newAnnouncement, .progress, nil, "new announcement", "Compose a new announcement", footer: true)
        add(.back, .progress, nil, "close", "Close the dialog (sending goes on)", footer: true)
        add(.select, .progress, nil, "close", "Close the dialog (sending goes on)")
        add(.quit, .progress, nil, "close", "Close the dialog (sending goes on)", footer: true)
        // Help.
        add(.moveDown, .help, nil, "scroll", "Scroll down", footer: true)
        add(.moveUp, .help, nil, "scroll", "Scroll up", footer: true)
        add(.pageDown, .help, nil, "page down", "Scroll a page down")
        add(.pageUp, .help, nil, "page up", "Scroll a page up")
        return t
    }()

    /// The bindings of a scope, in table order.
    public static let byScope: [KeyScope: [ActionBinding]] = Dictionary(grouping: all, by: \.scope)

    /// The scopes an action is read in (for the keymap's lookup and its conflict check).
    public static let scopes: [Action: [KeyScope]] = {
        var s: [Action: [KeyScope]] = [:]
        for b in all where !everywhere.contains(b.action) { s[b.action, default: []].append(b.scope) }
        for a in everywhere { s[a] = KeyScope.allCases }
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

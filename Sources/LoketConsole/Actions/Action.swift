/// A named thing the agent can do from the keyboard. The help screen and the footer are generated
/// from the bindings of these actions (tig's request table, lazygit's bindings).
public enum Action: String, CaseIterable, Sendable {
    case help, nextPane, moveDown, moveUp, pageDown, pageUp, top, bottom, open
    case tabWaiting, tabMine, tabAll
    case search, claim, assign, resolve, pending, note, template, quit
    case announce, presetF6, presetF7, presetF8, presetF9

    /// How the action is named in keys.toml.
    public var configName: String {
        switch self {
        case .nextPane: return "next_pane"
        case .moveDown: return "move_down"
        case .moveUp: return "move_up"
        case .pageDown: return "page_down"
        case .pageUp: return "page_up"
        case .tabWaiting: return "tab_waiting"
        case .tabMine: return "tab_mine"
        case .tabAll: return "tab_all"
        default: return presetKey.map { "preset_\($0.lowercased())" } ?? rawValue
        }
    }

    /// Short label for the footer.
    public var label: String {
        switch self {
        case .help: return "help"
        case .nextPane: return "pane"
        case .moveDown: return "down"
        case .moveUp: return "up"
        case .pageDown: return "page down"
        case .pageUp: return "page up"
        case .top: return "first"
        case .bottom: return "last"
        case .open: return "open"
        case .tabWaiting: return "Waiting"
        case .tabMine: return "Mine"
        case .tabAll: return "All"
        case .search: return "search"
        case .claim: return "claim"
        case .assign: return "assign"
        case .resolve: return "resolve"
        case .pending: return "pending"
        case .note: return "note"
        case .template: return "template"
        case .quit: return "quit"
        case .announce: return "announce"
        case .presetF6, .presetF7, .presetF8, .presetF9: return "preset"
        }
    }

    /// One line for the help screen.
    public var summary: String {
        switch self {
        case .help: return "Show this help (j/k scroll, any other key closes it)"
        case .nextPane: return "Switch between the queue and the conversation"
        case .moveDown: return "Next conversation, or scroll the conversation down"
        case .moveUp: return "Previous conversation, or scroll the conversation up"
        case .pageDown: return "Scroll a page down"
        case .pageUp: return "Scroll a page up (older messages load as you go)"
        case .top: return "First conversation / oldest loaded message"
        case .bottom: return "Last conversation / newest message"
        case .open: return "Open the selected conversation, then write a reply"
        case .tabWaiting: return "Waiting tab: unassigned, most urgent first"
        case .tabMine: return "Mine tab: conversations you hold"
        case .tabAll: return "All tab: every conversation, latest first"
        case .search: return "Search all conversations (full text)"
        case .claim: return "Claim the selected waiting conversation"
        case .assign: return "Assign or reassign (choose an agent)"
        case .resolve: return "Resolve the conversation"
        case .pending: return "Set pending (waiting on the customer or a third party)"
        case .note: return "Write a private note (never sent to the customer)"
        case .template: return "Send an approved template (works with the 24h window closed)"
        case .quit: return "Quit Loket"
        case .announce: return "New announcement: template, audience, preview (supervisors)"
        case .presetF6, .presetF7, .presetF8, .presetF9: return "Preset announcements from loket.toml (one confirmation)"
        }
    }

    /// Help-screen group.
    public var group: String {
        switch self {
        case .help, .quit, .nextPane, .search: return "General"
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .open, .tabWaiting, .tabMine, .tabAll: return "Moving around"
        case .claim, .assign, .resolve, .pending, .note, .template: return "Conversation"
        case .announce, .presetF6, .presetF7, .presetF8, .presetF9: return "Announcements"
        }
    }

    /// `F6`…`F9` for the preset actions: the key under `[[announcements.presets]]` in loket.toml.
    public var presetKey: String? {
        switch self {
        case .presetF6: return "F6"
        case .presetF7: return "F7"
        case .presetF8: return "F8"
        case .presetF9: return "F9"
        default: return nil
        }
    }

    /// The footer's actions, in the order of SPEC 4 (the rest are on the help screen).
    public static let footer: [Action] = [.help, .nextPane, .open, .claim, .assign, .resolve, .note, .template, .announce, .search, .quit]
}

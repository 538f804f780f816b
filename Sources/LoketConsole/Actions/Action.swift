public import TermCore

/// A named thing the agent can do from the keyboard, in the queue, the composer or a dialog. Its name in
/// keys.toml and default keys live here; where it applies, its labels and when it is not allowed live in
/// ``ActionTable`` (tig's request table, lazygit's bindings).
public enum Action: String, CaseIterable, Sendable {
    case help, nextPane, moveDown, moveUp, pageDown, pageUp, top, bottom, open
    case tabWaiting, tabMine, tabAll
    case search, claim, assign, resolve, reopen, pending, label, labelFilter, customer, cannedReplies, note, template, quote, react, markRead, quit
    case openAttachment
    case announce, presetF6, presetF7, presetF8, presetF9
    case suspend
    /// The composer.
    case send, newline, editor, canned, attach
    /// Dialogs: choose or go on, go back, answer a confirmation, move between fields; add, edit, delete a row.
    case select, back, yes, no, nextField, previousField, addItem, editItem, deleteItem
    /// The announcement progress dialog.
    case cancelAnnouncement, newAnnouncement
    /// Lists in dialogs: start filtering, then move over the matches while typing.
    case filter, nextMatch, previousMatch

    /// How the action is named in keys.toml.
    public var configName: String {
        if let p = presetKey { return "preset_\(p.lowercased())" }
        // camelCase → snake_case
        var out = ""
        for ch in rawValue {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// The keys it has unless keys.toml says otherwise (docs/SPEC.md §4).
    public var defaultKeys: [Key] {
        switch self {
        case .help: return [.char("?"), .function(1)]
        case .nextPane: return [.tab]
        case .moveDown: return [.char("j"), .down]
        case .moveUp: return [.char("k"), .up]
        case .pageDown: return [.pageDown, .ctrl("d")]
        case .pageUp: return [.pageUp, .ctrl("u")]
        case .top: return [.home, .char("g")]
        case .bottom: return [.end, .char("G")]
        case .open: return [.enter]
        case .tabWaiting: return [.char("1")]
        case .tabMine: return [.char("2")]
        case .tabAll: return [.char("3")]
        case .search: return [.char("/")]
        case .claim: return [.char("c")]
        case .assign: return [.char("a")]
        case .resolve: return [.char("r")]
        case .reopen: return [.char("O")]
        case .openAttachment: return [.char("o")]
        case .attach: return [.ctrl("o"), .alt(.char("a"))]
        case .pending: return [.char("p")]
        case .label: return [.char("l")]
        case .labelFilter: return [.char("L")]
        case .customer: return [.char("i")]
        case .cannedReplies: return [.char("C")]
        case .note: return [.char("n")]
        case .quote: return [.char("R")]
        case .react: return [.char("+")]
        case .markRead: return [.char("m")]
        case .template: return [.char("t")]
        case .quit: return [.char("q")]
        case .announce: return [.char("A")]
        case .presetF6: return [.function(6)]
        case .presetF7: return [.function(7)]
        case .presetF8: return [.function(8)]
        case .presetF9: return [.function(9)]
        case .suspend: return [.ctrl("z")]
        case .send: return [.enter]
        case .newline: return [.alt(.enter), .ctrl("j")]
        case .editor: return [.ctrl("x")]
        case .canned: return [.char("/")]
        case .select: return [.enter]
        case .back: return [.escape]
        case .yes: return [.enter, .char("y")]
        case .no: return [.char("n")]
        case .nextField: return [.tab]
        case .previousField: return [.backTab]
        case .addItem: return [.char("a")]
        case .editItem: return [.char("e")]
        case .deleteItem: return [.char("d")]
        case .cancelAnnouncement: return [.char("x")]
        case .newAnnouncement: return [.char("n")]
        case .filter: return [.char("/")]
        case .nextMatch: return [.down, .ctrl("n")]
        case .previousMatch: return [.up, .ctrl("p")]
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
}

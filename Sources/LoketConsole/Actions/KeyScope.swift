/// Where a key binding applies: the queue and conversation, the composer, or one kind of dialog. Two
/// actions may share a key only in different scopes.
public enum KeyScope: String, CaseIterable, Sendable {
    case normal, composer, searchInput, searchResults, list, field, confirm, progress, help

    /// The help screen's heading for the scope's keys.
    public var title: String {
        switch self {
        case .normal: return "Queue and conversation"
        case .composer: return "Composer"
        case .searchInput: return "Search: typing the query"
        case .searchResults: return "Search results"
        case .list: return "Lists (assign, templates)"
        case .field: return "Fields (reason, template parameters, audience)"
        case .confirm: return "Confirmations"
        case .progress: return "Announcement progress"
        case .help: return "Help"
        }
    }
}

extension ConsoleState.Mode {
    /// Which bindings the keyboard reads in this mode.
    public var scope: KeyScope {
        switch self {
        case .normal: return .normal
        case .composing: return .composer
        case .searchInput: return .searchInput
        case .searchResults: return .searchResults
        case .help: return .help
        case .assignPicker, .templatePicker, .announceTemplate: return .list
        case .assignReason, .templateParameters, .announceParameters, .announceAudience: return .field
        case .announceConfirm, .announceProgress(cancelling: true), .confirmResolve: return .confirm
        case .announceProgress(cancelling: false): return .progress
        }
    }
}

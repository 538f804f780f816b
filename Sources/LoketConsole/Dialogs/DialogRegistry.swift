/// Every kind of dialog and widget, one line each: their bindings join the action table (keys, footer,
/// help) and their openers the queue's keys. Adding a dialog is its own file plus one line here.
enum DialogRegistry {
    static let kinds: [DialogKind] = [
        .search,
        .listWidget,
        .fieldWidget,
        .confirmation,
        .resolve,
        .assign,
        .template,
        .announcement,
        .announcementProgress,
        .pending,
        .label,
        .reaction,
        .labelFilter,
        .customer,
        .canned,
        .cannedReplies,
        .attach,
        .attachmentInfo,
        .help,
    ]

    /// The dialog each normal-mode action opens.
    static let opening: [Action: DialogKind] = {
        var out: [Action: DialogKind] = [:]
        for k in kinds { for a in k.opener { out[a] = k } }
        return out
    }()
}

import Foundation
import LoketDomain
import LoketStore
import TermCore

/// `C`: the team's canned replies. Everyone browses and filters them (Enter starts a reply with the
/// selected one); supervisors add (`a`), edit (`e`) and delete (`d`) them, as `loket canned` does.
final class CannedRepliesDialog: Dialog {
    private(set) var list: ListView<CannedEntry>
    let isSupervisor: Bool

    init(_ replies: [CannedReply], isSupervisor: Bool, selecting shortcut: String? = nil) {
        list = Self.list(replies, selecting: shortcut)
        self.isSupervisor = isSupervisor
    }

    private static func list(_ replies: [CannedReply], selecting shortcut: String?) -> ListView<CannedEntry> {
        ListView(replies.map(CannedEntry.init), selected: replies.firstIndex { $0.shortcut == shortcut } ?? 0) { e, typed in
            e.rank(CannedMatch.folded(typed)) != nil
        }
    }

    var scope: KeyScope { list.isFiltering ? .filter : .cannedList }

    func disabledReason(_ action: Action) -> String? {
        switch action {
        case .addItem, .editItem, .deleteItem:
            if !isSupervisor { return L("only a supervisor may change the team's canned replies") }
            return action != .addItem && list.selectedItem == nil ? L("no canned reply selected") : nil
        default: return nil
        }
    }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if let action, let why = disabledReason(action) { console.warn(why); return }
        switch action {
        case .addItem?: console.push(CannedEditDialog(editing: nil))
        case .editItem?: if let e = list.selectedItem { console.push(CannedEditDialog(editing: e.reply)) }
        case .deleteItem?:
            guard let r = list.selectedItem?.reply else { return }
            console.push(ConfirmDialog(title: console.w("Delete?"), question: console.w("Delete /{1} for the whole team?", r.shortcut),
                                       yes: L("delete"), no: L("keep"),
                                       onYes: { [self] console in delete(r.shortcut, in: console) }))
        default:
            switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
            case .cancelled: console.close(self)
            case .chosen(let e): await use(e.reply, in: console)
            case .handled, .ignored: break
            }
        }
    }

    /// Enter: a reply to the open conversation starting with this text.
    private func use(_ reply: CannedReply, in console: ConsoleController) async {
        guard let c = console.state.conversation else { console.say("select a conversation first"); return }
        console.close(self)
        await console.openComposer(note: false)
        guard console.state.composing == .reply else { return }
        console.insertIntoComposer(CannedReplies.fill(reply.text, customerName: c.customer.profileName, agentName: console.state.me.name,
                                                      businessName: console.state.business?.name))
    }

    private func delete(_ shortcut: String, in console: ConsoleController) {
        let (store, me) = (console.store, console.state.me.login)
        console.perform("canned reply", { try await store.removeCannedReply(shortcut: shortcut, by: me) }) { [self, console] _ in
            console.say("/{1} deleted", shortcut)
            await reload(in: console, selecting: nil)
        }
    }

    /// Rereads the replies after a change, keeping the selection on `shortcut`.
    func reload(in console: ConsoleController, selecting shortcut: String?) async {
        do { list = Self.list(try await console.store.cannedReplies(), selecting: shortcut) } catch { console.report(error) }
    }

    private func frameHeight(_ screen: Rect) -> Int { min(screen.height - 2, max(list.items.count, 1) + 4) }

    private func listRect(_ screen: Rect) -> Rect { Overlay.region(width: 96, height: frameHeight(screen), in: screen, top: 1, bottom: 0) }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let inner = Overlay.frame(&buffer, width: 96, height: frameHeight(area.screen), in: area.screen,
                                  title: w("Canned replies ({1})", list.items.count), theme: theme)
        let legend = w(isSupervisor ? "Enter replies with it · a add · e edit · d delete · / filter"
                                    : "Enter replies with it · / filter · in the composer, / as the first character")
        buffer.put(legend, x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        if list.items.isEmpty {
            buffer.put("  " + w(isSupervisor ? "none yet: a adds one" : "none yet: a supervisor adds them"), x: inner.x, y: inner.y + 1,
                       style: theme["dialog"], maxX: inner.maxX)
            return nil
        }
        return list.draw(&buffer, listRect(area.screen), theme: theme, words: w) { buffer, row, e, selected in
            CannedEntry.drawRow(&buffer, row, shortcut: e.reply.shortcut, text: e.reply.text, shortcutWidth: 16, selected: selected, theme: theme)
        }
    }

    func label(for binding: ActionBinding) -> String { binding.action == .select ? L("reply with it") : binding.label }
}

/// Adding or editing one canned reply: its shortcut, then its text (Tab moves between them; Enter on the
/// text saves). Checked by the same rules as `loket canned add`.
final class CannedEditDialog: Dialog {
    let original: CannedReply?
    private(set) var form: FieldForm

    init(editing reply: CannedReply?) {
        original = reply
        form = FieldForm([reply?.shortcut ?? "", reply?.text ?? ""])
    }

    var scope: KeyScope { .field }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if action == .back { console.close(self); return }
        guard form.handle(key, action: action) == .done else { return }
        let values = form.values
        do {
            let shortcut = try CannedReplies.validateShortcut(values[0].trimmingCharacters(in: .whitespaces))
            let text = try CannedReplies.validateText(values[1])
            save(shortcut: shortcut, text: text, in: console)
        } catch { console.report(error) }
    }

    private func save(shortcut: String, text: String, in console: ConsoleController) {
        let (store, me, renamed) = (console.store, console.state.me.login, original.map(\.shortcut).flatMap { $0 == shortcut ? nil : $0 })
        console.perform("canned reply", {
            try await store.saveCannedReply(shortcut: shortcut, text: text, by: me)
            // A new shortcut for an existing reply: the old one goes (after the new one is safe).
            if let renamed { try await store.removeCannedReply(shortcut: renamed, by: me) }
        }) { [self, console] _ in
            console.close(self)
            original == nil ? console.say("/{1} added for the team", shortcut) : console.say("/{1} saved", shortcut)
            if let manager = console.topDialog as? CannedRepliesDialog { await manager.reload(in: console, selecting: shortcut) }
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let inner = Overlay.frame(&buffer, width: 80, height: 6, in: area.screen,
                                  title: original.map { w("Edit /{1}", $0.shortcut) } ?? w("New canned reply"), theme: theme)
        buffer.put(w("{{customer.name}} {{agent.name}} {{business.name}} are filled in when it is used"), x: inner.x + 1, y: inner.y,
                   style: theme["dialog"], maxX: inner.maxX)
        var cursor: (x: Int, y: Int)?
        for (i, (label, field)) in zip([w("Shortcut: "), w("Text:     ")], form.fields).enumerated() {
            let row = Rect(x: inner.x, y: inner.y + 2 + i, width: inner.width, height: 1)
            if i == form.index { cursor = field.drawRow(&buffer, label: label, row: row, indent: 1, theme: theme) }
            else { _ = field.draw(&buffer, label: label, x: row.x + 1, y: row.y, maxX: row.maxX, style: theme["dialog"], focused: false) }
        }
        return cursor
    }

    func label(for binding: ActionBinding) -> String {
        binding.action == .select ? (form.index == form.fields.count - 1 ? L("save") : L("next")) : binding.label
    }
}

extension KeyScope {
    /// The canned replies list (`C`).
    static let cannedList = KeyScope("canned-list", title: "Canned replies list (C)")
}

extension DialogKind {
    static let cannedReplies = DialogKind(opener: [.cannedReplies], bindings: [
        ActionBinding(.select, .cannedList, "reply with it", "Start a reply to the open conversation with it", footer: true),
        ActionBinding(.moveDown, .cannedList, "next", "Next reply"),
        ActionBinding(.moveUp, .cannedList, "previous", "Previous reply"),
        ActionBinding(.pageDown, .cannedList, "page down", "A page down"),
        ActionBinding(.pageUp, .cannedList, "page up", "A page up"),
        ActionBinding(.top, .cannedList, "first", "First reply"),
        ActionBinding(.bottom, .cannedList, "last", "Last reply"),
        ActionBinding(.filter, .cannedList, "filter", "Filter by shortcut or text as you type", footer: true),
        ActionBinding(.addItem, .cannedList, "add", "Add a canned reply (supervisors)", footer: true),
        ActionBinding(.editItem, .cannedList, "edit", "Edit the selected one (supervisors)", footer: true),
        ActionBinding(.deleteItem, .cannedList, "delete", "Delete the selected one for the team (supervisors)", footer: true),
        ActionBinding(.back, .cannedList, "close", "Close the list", footer: true),
    ]) { console, _ in
        do { return CannedRepliesDialog(try await console.store.cannedReplies(), isSupervisor: console.state.me.role == .supervisor) }
        catch { console.report(error); return nil }
    }
}

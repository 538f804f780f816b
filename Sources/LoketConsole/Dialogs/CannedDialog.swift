import Foundation
import LoketDomain
import LoketStore
import TermCore

/// `/` as the composer's first character: the team's canned replies, filtered as the agent types (shortcut
/// prefix first, then fuzzy and the text, ``CannedMatch``); Tab or Enter puts the chosen one in the
/// composer with `{{customer.name}}`, `{{agent.name}}` and `{{business.name}}` filled, for editing. Esc
/// keeps what was typed as plain text ("/start" stays a message).
final class CannedDialog: Dialog {
    typealias Entry = CannedEntry

    let entries: [Entry]
    private(set) var query = TextField()
    private(set) var list: ListView<Entry>
    let fill: (String) -> String

    init(_ replies: [CannedReply], fill: @escaping (String) -> String) {
        entries = replies.map(Entry.init)
        list = ListView(entries)
        self.fill = fill
    }

    var scope: KeyScope { .canned }

    /// The replies matching `typed`, best first (ties by shortcut).
    static func ranked(_ entries: [Entry], _ typed: String) -> [Entry] {
        let q = CannedMatch.folded(typed.trimmingCharacters(in: .whitespaces))
        return entries.compactMap { e in e.rank(q).map { (e, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.shortcut < $1.0.shortcut }
            .map(\.0)
    }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        let height = list.rowsShown(in: listRect(console.dialogScreen, layout: console.lastLayout))
        switch action {
        case .select?, .nextField?:
            guard let e = list.selectedItem else { console.say("no canned reply matches /{1}", query.string); return }
            console.close(self)
            console.insertIntoComposer(fill(e.reply.text))
            console.say("/{1} inserted: edit it, Enter sends", e.reply.shortcut)
        case .back?:
            // Not a canned reply after all: what was typed stays, as text.
            console.close(self)
            console.insertIntoComposer("/" + query.string)
        case .nextMatch?: list.move(1); list.follow(height: height)
        case .previousMatch?: list.move(-1); list.follow(height: height)
        default:
            // Backspace on an empty query takes the "/" back out.
            if key == .backspace, query.string.isEmpty { console.close(self); return }
            guard query.edit(key) else { return }
            list = ListView(Self.ranked(entries, query.string))
        }
    }

    /// Just above the composer, across the conversation pane.
    private func frameRect(_ screen: Rect, layout: Layout?) -> Rect {
        let pane = layout?.conversation ?? screen
        let height = max(4, min(list.items.count + 3, pane.height - 4, 12))
        return Rect(x: pane.x, y: max(screen.y, pane.maxY - 3 - height), width: pane.width, height: height)
    }

    private func listRect(_ screen: Rect, layout: Layout?) -> Rect {
        let inner = frameRect(screen, layout: layout).inner
        return Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: max(1, inner.height - 1))
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, r = frameRect(area.screen, layout: area.layout), w = area.state.words
        buffer.fill(r, style: theme["dialog"])
        Box.draw(&buffer, r, title: w("Canned replies {1}/{2}", list.items.count, entries.count), focused: true, theme: theme)
        buffer.fill(r.inner, style: theme["dialog"])
        let cursor = query.drawRow(&buffer, label: "/", row: Rect(x: r.inner.x, y: r.inner.y, width: r.inner.width, height: 1), theme: theme)
        if entries.isEmpty {
            buffer.put("  " + w("no canned replies yet (a supervisor adds them: C, or loket canned add)"), x: r.inner.x, y: r.inner.y + 1,
                       style: theme["dialog"], maxX: r.inner.maxX)
            return cursor
        }
        if list.isEmpty {
            buffer.put("  " + w("no canned reply matches /{1}: Esc keeps it as text", query.string), x: r.inner.x, y: r.inner.y + 1,
                       style: theme["dialog"], maxX: r.inner.maxX)
            return cursor
        }
        let shortcutWidth = min(18, (list.items.map { DisplayWidth.of($0.reply.shortcut) }.max() ?? 0) + 1)
        _ = list.draw(&buffer, listRect(area.screen, layout: area.layout), theme: theme, words: w) { [fill] buffer, row, e, selected in
            CannedEntry.drawRow(&buffer, row, shortcut: e.reply.shortcut, text: fill(e.reply.text), shortcutWidth: shortcutWidth,
                                selected: selected, theme: theme)
        }
        return cursor
    }

    func label(for binding: ActionBinding) -> String {
        binding.action == .back ? L("keep as text") : binding.label
    }
}

/// A canned reply with its shortcut and text folded once (matching compares folded text: ``CannedMatch``),
/// for the picker over the composer and the team's list (`C`), and how both show it in a row.
struct CannedEntry {
    let reply: CannedReply
    let shortcut: String
    let text: String

    init(_ reply: CannedReply) {
        self.reply = reply
        shortcut = CannedMatch.folded(reply.shortcut)
        text = CannedMatch.folded(reply.text)
    }

    /// How it matches `query` (already folded), or nil.
    func rank(_ query: String) -> CannedMatch? { CannedMatch.rank(query, shortcut: shortcut, text: text) }

    /// One list row: the marker, the shortcut in the title style, then the text on one line (⏎ for its breaks).
    static func drawRow(_ buffer: inout ScreenBuffer, _ row: Rect, shortcut: String, text: String, shortcutWidth: Int, selected: Bool,
                        theme: Theme) {
        let style = theme[selected ? "dialog.selected" : "dialog"]
        buffer.fill(row, style: style)
        var x = buffer.put(selected ? "▶ " : "  ", x: row.x, y: row.y, style: style, maxX: row.maxX)
        x = buffer.put(DisplayWidth.fit(shortcut, shortcutWidth), x: x, y: row.y, style: theme["dialog.title"], maxX: row.maxX)
        buffer.put(" " + text.replacingOccurrences(of: "\n", with: " ⏎ "), x: x, y: row.y, style: style, maxX: row.maxX)
    }
}

extension KeyScope {
    /// The canned-reply picker over the composer.
    static let canned = KeyScope("canned", title: "Canned replies (/ in an empty composer)")
}

extension DialogKind {
    static let canned = DialogKind(bindings: [
        ActionBinding(.select, .canned, "insert", "Put the selected reply in the composer (variables filled)", footer: true),
        ActionBinding(.nextField, .canned, "insert", "Put the selected reply in the composer", footer: true),
        ActionBinding(.nextMatch, .canned, "next", "Next match", footer: true),
        ActionBinding(.previousMatch, .canned, "previous", "Previous match"),
        ActionBinding(.back, .canned, "keep as text", "Close the list; what was typed stays in the composer as text", footer: true),
    ])
}

extension ConsoleController {
    /// `/` as the composer's first character opens the canned replies; anywhere else it is a slash. With
    /// the 24h window closed a reply cannot be free text: the templates are offered instead.
    func openCanned() async {
        guard let c = state.conversation else { return }
        if state.composing == .reply, !c.window.isOpen(at: clock()) {
            state.composing = nil
            if let picker = await TemplateDialog.open(self) {
                push(picker)
                say("the 24h window is closed: choose an approved template")
            }
            return
        }
        do {
            let replies = try await store.cannedReplies()
            let (customer, agent, business) = (c.customer.profileName, state.me.name, state.business?.name)
            push(CannedDialog(replies) { CannedReplies.fill($0, customerName: customer, agentName: agent, businessName: business) })
        } catch { report(error) }
    }

    /// Puts text at the composer's cursor and keeps it as the conversation's draft.
    func insertIntoComposer(_ text: String) {
        guard !text.isEmpty else { return }
        if !state.composer.insert(text) { say("cut at the 4096-character limit") }
        if let id = state.conversation?.id { state.drafts[id] = state.composer }
    }
}

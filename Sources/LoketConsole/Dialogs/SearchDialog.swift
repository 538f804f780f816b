import LoketStore
import TermCore

/// `/`: full-text search in place of the queue. Type the query and Enter; then the hits, newest first, with
/// the conversation pane following the selected one (scrolled to the matching message, marked); Enter
/// opens it, Esc goes back to the conversation selected before.
final class SearchDialog: Dialog {
    private(set) var query = TextField()
    /// The hits, once a query ran.
    private(set) var results: ListView<SearchHit>?
    /// The conversation selected before the search took over the conversation pane (Esc goes back).
    let returnID: Int64?

    init(returnTo id: Int64?) { returnID = id }

    var scope: KeyScope { results == nil ? .searchQuery : .searchResults }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        guard var list = results else {
            switch action {
            case .back?: await leave(console)
            case .select?: await run(in: console)
            default: _ = query.edit(key)
            }
            return
        }
        if list.handle(key, action: action, height: max(1, console.lastLayout?.queue.inner.height ?? 10)) {
            let moved = list.selectedIndex != results?.selectedIndex
            results = list
            if moved { await preview(in: console) }
            return
        }
        switch action {
        case .back?: await leave(console)
        case .search?:
            results = nil
            query = TextField()
        case .select?: await open(in: console)
        case .quit?: console.requestQuit()
        default: break
        }
    }

    private func run(in console: ConsoleController) async {
        do {
            let hits = try await console.store.search(query.string, limit: 200)
            results = ListView(hits)
            hits.count == 1 ? console.say("1 result for {1}", query.string) : console.say("{1} results for {2}", hits.count, query.string)
            await preview(in: console)
        } catch { console.report(error) }
    }

    /// The conversation pane follows the selected hit, so the agent reads the context before opening it.
    private func preview(in console: ConsoleController) async {
        guard let hit = results?.selectedItem?.record.message else { return }
        if hit.conversationID != console.state.conversation?.id {
            console.state.selectedID = hit.conversationID
            await console.loadConversation(resetScroll: true)
        }
        await console.showMessage(hit.id)
    }

    /// Enter: the hit's conversation in the All tab, the cursor on the matching message.
    private func open(in console: ConsoleController) async {
        guard let hit = results?.selectedItem?.record.message else { return }
        console.close(self)
        console.state.tab = .all
        console.state.selectedID = hit.conversationID
        await console.reloadQueue()
        console.state.selectedID = hit.conversationID
        await console.loadConversation(resetScroll: false)
        await console.showMessage(hit.id)
        console.state.pane = .conversation
    }

    /// Esc: back to the conversation the agent had selected before searching.
    private func leave(_ console: ConsoleController) async {
        console.close(self)
        if let back = returnID, back != console.state.selectedID {
            console.state.selectedID = back
            await console.loadConversation(resetScroll: true)
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let (r, theme, w) = (area.layout.queue, area.theme, area.state.words)
        buffer.fill(r, style: theme["default"])
        let label = w("Search:") + " "
        guard let results else {
            Box.draw(&buffer, r, title: label + query.string + "▏", focused: true, theme: theme)
            buffer.put(w("Type words (or 中文) and press Enter. Esc goes back."), x: r.inner.x + 1, y: r.inner.y, style: theme["queue.empty"],
                       maxX: r.inner.maxX)
            // The title starts after "┌ Search: ".
            return (min(r.maxX - 2, r.x + 3 + DisplayWidth.of(label) + DisplayWidth.of(String(query.buffer.text.prefix(query.buffer.cursor)))), r.y)
        }
        Box.draw(&buffer, r, title: label + "\(query.string) (\(results.items.count))", focused: true, theme: theme)
        let inner = r.inner
        if results.isEmpty {
            buffer.put(w("Nothing found."), x: inner.x + 1, y: inner.y, style: theme["queue.empty"], maxX: inner.maxX)
            return nil
        }
        return results.draw(&buffer, inner, theme: theme, words: w) { buffer, row, hit, selected in
            let record = hit.record
            var x = buffer.put(selected ? "▶ " : "  ", x: row.x, y: row.y, style: theme["queue"], maxX: row.maxX)
            x = buffer.put(DisplayWidth.fit(record.customerName.isEmpty ? record.customer : record.customerName, 12) + " ", x: x, y: row.y,
                           style: theme["queue.unread"], maxX: row.maxX)
            buffer.put(record.message.body, x: x, y: row.y, style: theme["queue"], maxX: row.maxX)
            guard selected else { return }
            let sel = theme["queue.selected"]
            buffer.restyle(y: row.y, from: row.x, to: row.maxX) { s in Style(fg: sel.fg == .default ? s.fg : sel.fg, bg: sel.bg, attrs: s.attrs.union(sel.attrs)) }
        }
    }
}

extension KeyScope {
    static let searchQuery = KeyScope("searchQuery", title: "Search: typing the query")
    static let searchResults = KeyScope("searchResults", title: "Search results")
}

extension DialogKind {
    static let search = DialogKind(opener: [.search], bindings: [
        ActionBinding(.select, .searchQuery, "search", "Search", footer: true),
        ActionBinding(.back, .searchQuery, "back", "Back to where you were", footer: true),
        ActionBinding(.select, .searchResults, "open", "Open the selected conversation", footer: true),
        ActionBinding(.moveDown, .searchResults, "next", "Next result (the conversation pane follows)", footer: true),
        ActionBinding(.moveUp, .searchResults, "previous", "Previous result"),
        ActionBinding(.pageDown, .searchResults, "page down", "A page of results down"),
        ActionBinding(.pageUp, .searchResults, "page up", "A page of results up"),
        ActionBinding(.top, .searchResults, "first", "First (newest) result"),
        ActionBinding(.bottom, .searchResults, "last", "Last result"),
        ActionBinding(.search, .searchResults, "new search", "Type a new search", footer: true),
        ActionBinding(.back, .searchResults, "back", "Back to where you were", footer: true),
        ActionBinding(.quit, .searchResults, "quit", "Quit Loket"),
    ]) { console, _ in SearchDialog(returnTo: console.state.selectedID) }
}

import Foundation
import LoketStore

/// The message cursor: with the conversation pane focused, j/k move over messages (not lines); the pane
/// scrolls to keep the selected message in view. Quoting, reacting and attachments act on
/// ``ConsoleState/selectedMessage``.
extension ConsoleController {
    /// Moves the cursor `delta` messages (negative: older). From no cursor, up selects the newest message;
    /// down past the newest leaves the cursor and follows the conversation again.
    func moveMessageCursor(_ delta: Int) async {
        guard !state.messages.isEmpty else { return }
        guard let current = state.messageCursor.flatMap({ id in state.messages.lastIndex { $0.id == id } }) else {
            if delta < 0 { select(message: state.messages.count - 1) }
            return
        }
        var next = current + delta
        if next < 0, state.hasOlderMessages {
            let before = state.messages.count
            await loadOlderMessages()
            next += state.messages.count - before
        }
        if next >= state.messages.count { state.messageCursor = nil; state.scrollBack = 0; return }
        select(message: max(0, next))
    }

    func moveMessageCursorToOldest() async {
        await scrollUp(100_000)
        if !state.messages.isEmpty { select(message: 0) }
    }

    func moveMessageCursorToNewest() {
        state.messageCursor = nil
        scroll(-100_000)
    }

    /// Puts the cursor on message `id` of the open conversation, loading older pages until it is there (a
    /// search hit: the pane scrolls to it and marks it).
    func showMessage(_ id: Int64) async {
        var index = state.messages.lastIndex { $0.id == id }
        var pages = 0
        while index == nil, state.hasOlderMessages, pages < 200, let oldest = state.messages.first?.id, oldest > id {
            await loadOlderMessages()
            index = state.messages.lastIndex { $0.id == id }
            pages += 1
        }
        if let index { select(message: index) }
    }

    private func select(message index: Int) {
        let id = state.messages[index].id
        state.messageCursor = id
        // Lines of the current width, as last drawn (a message loaded since is laid out now).
        let width = historyCache?.key.width ?? 0
        _ = historyLines(width: width, now: clock())
        guard let owners = historyCache?.owners, let range = Self.lineRange(of: id, in: owners) else { return }
        let rows = max(1, lastHistoryHeight)
        let total = owners.count
        var end = total - state.scrollBack
        if range.upperBound > end { end = range.upperBound }
        if range.lowerBound < end - rows { end = min(total, range.lowerBound + rows) }
        state.scrollBack = max(0, min(maxScrollBack, total - end))
    }

    /// The display lines of message `id` (first..<last+1).
    static func lineRange(of id: Int64, in owners: [Int64]) -> Range<Int>? {
        guard let first = owners.firstIndex(of: id), let last = owners.lastIndex(of: id) else { return nil }
        return first..<(last + 1)
    }
}

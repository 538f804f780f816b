import Foundation
import LoketDomain
import LoketStore
public import TermCore

extension ConsoleController {
    /// Draws the whole screen for a size (layout is a pure function of it; below 60x16 the "too small" screen).
    public func render(width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        buffer.fill(Rect(x: 0, y: 0, width: width, height: height), style: theme["default"])
        guard let layout = Layout(width: width, height: height) else {
            Overlay.tooSmall(&buffer, theme: theme, words: state.words)
            return buffer
        }
        let now = clock()
        HeaderBar.draw(&buffer, layout.header, state: state, theme: theme)
        let queueFocused = state.pane == .queue && dialogs.isEmpty && state.composing == nil
        QueuePane.draw(&buffer, layout.queue, state: state, focused: queueFocused, theme: theme, slaMinutes: settings.slaMinutes, now: now,
                       waited: { [self] since in slaWait(since: since, now: now) })
        let lines = historyLines(width: layout.conversation.width - 2, now: now)
        let marked = state.messageCursor.flatMap { id in historyCache.flatMap { Self.lineRange(of: id, in: $0.owners) } }
        let drawn = ConversationPane.draw(&buffer, layout.conversation, state: state, lines: lines, marked: marked, layout: layout,
                                          theme: theme, now: now)
        lastHistoryHeight = drawn.historyHeight
        buffer.cursor = drawn.composerCursor
        FooterBar.draw(&buffer, layout.footer, state: state, dialog: dialogs.last, keymap: keymap, theme: theme, now: now)
        lastScreenSize = (width, height)
        let area = DialogArea(screen: Rect(x: 0, y: 1, width: width, height: height - 2), layout: layout, state: state, keymap: keymap,
                              theme: theme, now: now, calendar: calendar, throughput: settings.throughput)
        for dialog in dialogs {
            let cursor = dialog.draw(&buffer, area)
            if dialog === dialogs.last { buffer.cursor = cursor }
        }
        return buffer
    }

    /// The conversation as display lines, cached for the width and the loaded messages.
    func historyLines(width: Int, now: Date) -> [MessageLines.Line] {
        let key = HistoryKey(width: width, conversation: state.conversation?.id, first: state.messages.first?.id,
                             last: state.messages.last?.id, revision: state.messages.reduce(0) { $0 &+ $1.updatedAt.hashValue &+ $1.status.hashValue &+ $1.reactions.count &* 31 &+ ($1.reactions.last?.at.hashValue ?? 0) })
        if key == historyCache?.key, let lines = historyCache?.lines { return lines }
        let built = MessageLines.buildIndexed(state.messages, customer: state.conversation?.customer, width: width, calendar: calendar,
                                             cache: &messageLineCache, openKey: keymap.primaryKey(for: .openAttachment))
        historyCache = (key, built.lines, built.owners)
        return built.lines
    }

    var renderedHistoryLines: Int { historyCache?.lines.count ?? 0 }
}

struct HistoryKey: Equatable {
    var width: Int
    var conversation: Int64?
    var first: Int64?
    var last: Int64?
    var revision: Int
}

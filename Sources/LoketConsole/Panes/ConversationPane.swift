import Foundation
import LoketDomain
import LoketStore
import TermCore

/// The open conversation: a title with the customer's number (first, in its own style, so a profile name
/// cannot pass for it) and name, the 24h window and the holder; the history with scrollback; who else is
/// here; and the composer.
enum ConversationPane {
    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, lines: [MessageLines.Line], marked: Range<Int>? = nil,
                     layout: Layout, theme: Theme, now: Date) -> (composerCursor: (x: Int, y: Int)?, historyHeight: Int) {
        let composing = state.composing != nil
        let focused = state.pane == .conversation || composing
        let w = state.words
        guard let c = state.conversation else {
            Box.draw(&buffer, r, title: "", focused: false, theme: theme)
            buffer.put(w("Select a conversation on the left."), x: r.x + 2, y: r.y + 1, style: theme["queue.empty"], maxX: r.maxX - 1)
            return (nil, 0)
        }
        let window = c.window
        let windowText = window.isOpen(at: now) ? w("window {1} left", window.countdown(at: now)) : w("window closed")
        var rest = c.customer.profileName.isEmpty ? [] : [Format.titleName(c.customer)]
        rest += [windowText, c.assignee ?? w("unassigned")]
        if c.state != .open && c.state != .waiting { rest.append(w(c.state.rawValue)) }
        if c.customer.optedOut { rest.append(w("opted out")) }
        let number = Format.phone(c.customer)
        // Whole parts only (a countdown is never shown cut); the name may end in "…".
        var room = r.width - 4 - DisplayWidth.of(number)
        // The labels keep up to a third of the title before the holder and state take it.
        let labelsWidth = c.customer.labels.reduce(0) { $0 + DisplayWidth.of($1) + 1 } + (c.customer.labels.isEmpty ? 0 : 2)
        let reserved = min(labelsWidth, room / 3)
        room -= reserved
        var shown: [String] = []
        let shortWindow = window.isOpen(at: now) ? w("{1} left", window.countdown(at: now)) : w("closed")
        for (i, full) in rest.enumerated() {
            let sep = shown.isEmpty && number.isEmpty ? 0 : 3
            let part = full == windowText && DisplayWidth.of(full) + sep > room ? shortWindow : full
            let w = DisplayWidth.of(part) + sep
            if w <= room { shown.append(part); room -= w; continue }
            if i == 0, !c.customer.profileName.isEmpty, room > 5 {
                shown.append(DisplayWidth.fit(part, room - 3, pad: false)); room = 0
            }
            if i == 0 { continue }
            break
        }
        let joined = shown.joined(separator: " · ")
        var title = number.isEmpty ? [Box.TitlePart(text: joined)]
            : [Box.TitlePart(text: number, style: "conversation.number")] + (joined.isEmpty ? [] : [Box.TitlePart(text: " · " + joined)])
        // The customer's labels, each in its colour, as many as fit whole.
        room += reserved
        var firstLabel = true
        for label in c.customer.labels {
            let w = DisplayWidth.of(label) + (firstLabel ? 3 : 1)
            guard w <= room else { break }
            title += [Box.TitlePart(text: firstLabel ? " · " : " "), Box.TitlePart(text: label, style: LabelStyle.key(label))]
            room -= w
            firstLabel = false
        }
        Box.draw(&buffer, r, title: title, focused: focused, theme: theme)
        let inner = r.inner
        let draftLines = ComposerView.rows(state.composer, width: inner.width - 2).rows.count
        let composerHeight = layout.composerLines(for: draftLines) + 1
        let historyHeight = max(1, inner.height - composerHeight - 1)
        // Who else is here.
        let others = state.othersHere
        var presenceLine: String?
        if !others.typing.isEmpty { presenceLine = "✎ " + (others.typing.count == 1 ? w("{1} is typing here", others.typing[0]) : w("{1} are typing here", others.typing.joined(separator: ", "))) }
        else if !others.viewing.isEmpty { presenceLine = "👁 " + w("{1} viewing", others.viewing.joined(separator: ", ")) }
        let historyRows = historyHeight - (presenceLine == nil ? 0 : 1)
        let end = max(0, lines.count - state.scrollBack)
        let start = max(0, end - historyRows)
        for (row, i) in (start..<end).enumerated() {
            var x = inner.x
            for seg in lines[i] { x = buffer.put(seg.text, x: x, y: inner.y + row, style: theme[seg.style], maxX: inner.maxX) }
            // The message under the cursor: a bar in the margin and the selection colour across its lines.
            if marked?.contains(i) ?? false {
                let sel = theme["queue.selected"]
                buffer.restyle(y: inner.y + row, from: inner.x, to: inner.maxX) { s in
                    Style(fg: sel.fg == .default ? s.fg : sel.fg, bg: sel.bg, attrs: s.attrs.union(sel.attrs))
                }
                buffer.put("▌", x: r.x, y: inner.y + row, style: theme["border.focused"], maxX: r.x + 1)
            }
        }
        if state.scrollBack > 0 {
            let more = " " + state.words("↓ {1} more lines", state.scrollBack)
            buffer.put(more, x: inner.maxX - DisplayWidth.of(more), y: inner.y + historyRows - 1, style: theme["message.presence"], maxX: inner.maxX)
        }
        if let p = presenceLine {
            buffer.put(p, x: inner.x, y: inner.y + historyHeight - 1, style: theme["message.presence"], maxX: inner.maxX)
        }
        let dividerY = inner.y + historyHeight
        Box.divider(&buffer, r, y: dividerY, focused: focused, theme: theme)
        let composerRect = Rect(x: inner.x, y: dividerY + 1, width: inner.width, height: inner.maxY - dividerY - 1)
        let cursor = ComposerView.draw(&buffer, composerRect, state: state, theme: theme, windowOpen: window.isOpen(at: now),
                                       warning: others.typing.isEmpty ? nil : w("{1} is answering too — check before sending", others.typing.joined(separator: ", ")))
        return (cursor, historyHeight)
    }
}

/// The composer: `> ` and the draft, wrapped; the character counter; the closed-window notice.
enum ComposerView {
    /// The draft laid out in rows of `width` columns, and where the cursor lands. Rows break at newlines and
    /// between words (a word longer than a row is cut where the row ends).
    static func rows(_ composer: ComposerBuffer, width: Int) -> (rows: [String], cursor: (row: Int, col: Int)) {
        let width = max(1, width)
        let chars = composer.text
        var ranges: [Range<Int>] = []
        var start = 0, i = 0, rowWidth = 0
        var afterSpace: Int?
        while i < chars.count {
            let ch = chars[i]
            if ch == "\n" {
                ranges.append(start..<i); start = i + 1; rowWidth = 0; afterSpace = nil; i += 1
                continue
            }
            let w = DisplayWidth.of(ch)
            if rowWidth + w > width, i > start {
                // The word being typed moves to the next row whole, when the row has a space to break at.
                let cut = afterSpace.map { $0 > start && $0 <= i ? $0 : i } ?? i
                ranges.append(start..<cut)
                start = cut
                rowWidth = chars[cut..<i].reduce(0) { $0 + DisplayWidth.of($1) }
                afterSpace = nil
                continue
            }
            rowWidth += w
            if ch == " " { afterSpace = i + 1 }
            i += 1
        }
        ranges.append(start..<chars.count)
        var rows = ranges.map { String(chars[$0]) }
        let c = composer.cursor
        var cursor = (row: ranges.count - 1, col: 0)
        for (k, r) in ranges.enumerated() where c >= r.lowerBound && c <= r.upperBound {
            // At a soft break the cursor starts the next row.
            if c == r.upperBound, k + 1 < ranges.count, ranges[k + 1].lowerBound == c { continue }
            cursor = (k, chars[r.lowerBound..<c].reduce(0) { $0 + DisplayWidth.of($1) })
            break
        }
        if cursor.col >= width { rows.append(""); cursor = (rows.count - 1, 0) }
        return (rows, cursor)
    }

    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, theme: Theme, windowOpen: Bool,
                     warning: String?) -> (x: Int, y: Int)? {
        guard r.height > 0, r.width > 4 else { return nil }
        let note = state.composing == .note
        let active = state.composing != nil
        let counterY = r.maxY - 1
        let textHeight = max(1, r.height - 1)
        let w = state.words
        let prompt = note ? w("note") + "› " : "› "
        let promptWidth = DisplayWidth.of(prompt)
        let style = theme[note ? "composer.note_mode" : "composer"]
        if !active && state.composer.count == 0 {
            buffer.put(prompt, x: r.x, y: r.y, style: theme["composer.prompt"], maxX: r.maxX)
            let hint = windowOpen ? w("Enter to write a reply · n for a private note")
                                  : w("24h window closed: press t to send an approved template")
            buffer.put(hint, x: r.x + promptWidth, y: r.y, style: theme[windowOpen ? "composer.placeholder" : "composer.closed"], maxX: r.maxX)
        } else {
            let (rows, cursorPos) = Self.rows(state.composer, width: r.width - promptWidth)
            let top = max(0, min(cursorPos.row - textHeight + 1, rows.count - textHeight))
            for (line, i) in (top..<min(rows.count, top + textHeight)).enumerated() {
                buffer.put(i == 0 ? prompt : String(repeating: " ", count: promptWidth), x: r.x, y: r.y + line,
                           style: theme[note ? "composer.note_mode" : "composer.prompt"], maxX: r.maxX)
                buffer.put(rows[i], x: r.x + promptWidth, y: r.y + line, style: style, maxX: r.maxX)
            }
            if active {
                let counter = "\(state.composer.count)/\(ComposerBuffer.limit)"
                var x = r.x
                if warning == nil, !note, let q = state.quoting {
                    let firstName = state.conversation.map { Format.firstName($0.customer) } ?? ""
                    let room = max(0, r.maxX - DisplayWidth.of(counter) - 2 - x)
                    x = buffer.put(DisplayWidth.fit(w("replying to {1}", MessageLines.quoteText(q, firstName: firstName, words: w)), room, pad: false) + " ",
                                   x: x, y: counterY, style: theme["message.presence"], maxX: r.maxX - DisplayWidth.of(counter) - 1)
                }
                if let warning { x = buffer.put("⚠ " + warning + "  ", x: x, y: counterY, style: theme["composer.warning"], maxX: r.maxX - DisplayWidth.of(counter) - 1) }
                else if note { x = buffer.put(w("private note — never sent to the customer"), x: x, y: counterY, style: theme["composer.note_mode"], maxX: r.maxX - DisplayWidth.of(counter) - 1) }
                buffer.put(counter, x: r.maxX - DisplayWidth.of(counter), y: counterY,
                           style: theme[state.composer.count >= ComposerBuffer.limit ? "composer.warning" : "composer.counter"], maxX: r.maxX)
                return (r.x + promptWidth + cursorPos.col, r.y + cursorPos.row - top)
            }
        }
        return nil
    }
}

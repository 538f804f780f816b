import Foundation
import LoketDomain
import LoketStore
import TermCore

/// The queue: Waiting / Mine / All tabs and one row per conversation (waiting time, customer, preview,
/// unread, assignee, 24h-window countdown), coloured by the SLA.
enum QueuePane {
    @MainActor
    /// `waited` is how long a customer has waited since a time, as the SLA counts it (open hours only).
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, focused: Bool, theme: Theme, slaMinutes: Int, now: Date,
                     waited: (Date) -> TimeInterval) {
        Box.draw(&buffer, r, title: "", focused: focused, theme: theme)
        // Tabs in the top border: Queue ── Waiting 12 │ Mine 3 │ All 58. Counts are never cut: a narrow
        // queue drops the "Queue" label, then the padding, then shortens the names.
        let counts = [state.counts.waiting, state.counts.mine, state.counts.all]
        let tabs = tabLabels(counts: counts, width: r.width - 2, words: state.words)
        var x = r.x + 1
        if let filter = state.labelFilter {
            // The label filter is on: its label stands before the tabs, whatever the width.
            x = buffer.put(" ", x: x, y: r.y, style: theme["border"], maxX: r.maxX - 1)
            x = buffer.put(DisplayWidth.fit(filter, max(3, r.width - 4 - DisplayWidth.of(tabs.joined(separator: "│"))), pad: false),
                           x: x, y: r.y, style: LabelStyle.style(filter, theme), maxX: r.maxX - 1)
            x = buffer.put(" ", x: x, y: r.y, style: theme["border"], maxX: r.maxX - 1)
        } else {
            let queueLabel = " " + state.words("Queue") + " "
            let label = r.width - 2 >= DisplayWidth.of(tabs.joined(separator: "│")) + DisplayWidth.of(queueLabel) + 2 ? queueLabel : ""
            x = buffer.put(label, x: x, y: r.y, style: theme[focused ? "title.focused" : "title"], maxX: r.maxX - 1)
        }
        for (i, (tab, text)) in zip([QueueTab.waiting, .mine, .all], tabs).enumerated() {
            if i > 0 { x = buffer.put("│", x: x, y: r.y, style: theme["border"], maxX: r.maxX - 1) }
            // The active tab of the focused queue in reverse video, like the focused conversation's title.
            var style = theme[state.tab == tab ? "tab.active" : "tab"]
            if focused && state.tab == tab { style.attrs.formUnion(.reverse) }
            x = buffer.put(text, x: x, y: r.y, style: style, maxX: r.maxX - 1)
        }
        guard r.inner.height > 0 else { return }
        let inner = rowsArea(r)
        if inner.y > r.inner.y { drawColumnLabels(&buffer, y: r.inner.y, x0: inner.x, width: inner.width, theme: theme, words: state.words) }
        if state.rows.isEmpty {
            let w = state.words
            let empty = state.labelFilter.map { w("No one labelled {1} here (L: every customer).", $0) }
                ?? w(["waiting": "No one is waiting. 🎉", "mine": "You hold no conversations.", "all": "No conversations yet."][state.tab.rawValue] ?? "")
            buffer.put(empty, x: inner.x + 1, y: inner.y, style: theme["queue.empty"], maxX: inner.maxX)
            return
        }
        // ▶ marks the conversation shown on the right, or nothing when it is not in this tab.
        let sel = state.selectedIndex
        let top = scroll(state, height: inner.height)
        for (line, i) in (top..<min(state.rows.count, top + inner.height)).enumerated() {
            drawRow(&buffer, y: inner.y + line, x0: inner.x, width: inner.width, row: state.rows[i], selected: i == sel,
                    me: state.me.login, theme: theme, slaMinutes: slaMinutes, now: now, waited: waited, words: state.words)
        }
    }

    /// Where the rows go in the queue box: below a row of column labels when the queue is wide and tall
    /// enough for them.
    static func rowsArea(_ r: Rect) -> Rect {
        let inner = r.inner
        guard Columns(width: inner.width).wide, inner.height >= 8 else { return inner }
        return Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
    }

    /// The widths of a row's parts, the same for every row so the columns line up under their labels.
    struct Columns {
        let wide: Bool
        let name: Int
        /// Unread marker, then (wide) holder and window.
        let tail: Int

        init(width: Int) {
            wide = width >= 52
            tail = 4 + (wide ? 15 : 0)
            name = min(16, max(8, (width - 8 - tail) / 2))
        }
    }

    static func drawColumnLabels(_ buffer: inout ScreenBuffer, y: Int, x0: Int, width: Int, theme: Theme, words w: Words) {
        let c = Columns(width: width), style = theme["queue.meta"], maxX = x0 + width
        buffer.put(DisplayWidth.fit(w("wait"), 5, pad: false), x: x0 + 2, y: y, style: style, maxX: x0 + 7)
        buffer.put(DisplayWidth.fit(w("customer"), c.name, pad: false), x: x0 + 8, y: y, style: style, maxX: maxX)
        buffer.put(w("last message"), x: x0 + 9 + c.name, y: y, style: style, maxX: maxX - c.tail)
        buffer.put(DisplayWidth.fit(w("new"), 3, pad: false), x: maxX - c.tail, y: y, style: style, maxX: maxX)
        buffer.put(DisplayWidth.fit(w("holder"), 8, pad: false), x: maxX - 14, y: y, style: style, maxX: maxX)
        buffer.put(DisplayWidth.fit(w("window"), 6, pad: false), x: maxX - 6, y: y, style: style, maxX: maxX)
    }

    /// The tabs' texts for `width` columns: " Waiting 12 ", then "Waiting 12", then "Wait 12", then "W 12".
    static func tabLabels(counts: [Int], width: Int, words w: Words = .english) -> [String] {
        let full = [w("Waiting"), w("Mine"), w("All")]
        let forms: [([String], String)] = [(full, " "), (full, ""), ([w("Wait"), w("Mine"), w("All")], ""),
                                          (full.map { String($0.prefix(1)) }, "")]
        var last: [String] = []
        for (names, pad) in forms {
            last = zip(names, counts).map { "\(pad)\($0) \($1)\(pad)" }
            if DisplayWidth.of(last.joined(separator: "│")) <= width { return last }
        }
        return last
    }

    /// The first row shown: the kept scroll, moved just enough to show the selection (the controller keeps
    /// it after each event; drawing only reads it).
    static func scroll(_ state: ConsoleState, height: Int) -> Int {
        let sel = state.selectedIndex ?? 0
        var top = state.queueScroll
        if sel < top { top = sel }
        if sel >= top + height { top = sel - height + 1 }
        return max(0, min(top, max(0, state.rows.count - height)))
    }

    static func drawRow(_ buffer: inout ScreenBuffer, y: Int, x0: Int, width: Int, row c: ConversationSummary, selected: Bool,
                        me: String, theme: Theme, slaMinutes: Int, now: Date, waited slaWait: (Date) -> TimeInterval,
                        words w: Words) {
        let base = theme["queue"]
        var x = x0
        let maxX = x0 + width
        x = buffer.put(selected ? "▶ " : "  ", x: x, y: y, style: base, maxX: maxX)
        // Waiting time, coloured by the SLA: amber from half of it, red past it (counted in open hours).
        let waited = c.waitingSince.map(slaWait)
        let sla = Double(slaMinutes * 60)
        let waitStyle = waited.map { $0 >= sla ? "queue.sla_breached" : $0 >= sla / 2 ? "queue.sla_warning" : "queue" } ?? "queue.meta"
        // The age shown is the wall clock's (how long they really waited); only the colour counts open time.
        let age = (c.waitingSince ?? c.lastMessageAt).map { now.timeIntervalSince($0) } ?? 0
        let ageX = x
        x = buffer.put(DisplayWidth.fit(Format.age(age), 5), x: x, y: y, style: theme[waitStyle], maxX: maxX)
        let ageEnd = x
        x = buffer.put(" ", x: x, y: y, style: base, maxX: maxX)
        let columns = Columns(width: width)
        let wide = columns.wide
        let unread = c.unread > 0 ? (c.unread > 9 ? "●9+" : "●\(c.unread)") : ""
        let (tailWidth, nameWidth) = (columns.tail, columns.name)
        let nameStyle = c.unread > 0 ? "queue.unread" : (c.assignee == me ? "queue.assigned_me" : "queue")
        x = buffer.put(DisplayWidth.fit(Format.name(c.customer), nameWidth), x: x, y: y, style: theme[nameStyle], maxX: maxX)
        x = buffer.put(" ", x: x, y: y, style: base, maxX: maxX)
        // The customer's labels, each in its colour, take at most two thirds of the preview's room.
        let (labelsX, labelsWidth) = (x, max(0, maxX - x - tailWidth) * 2 / 3)
        x = drawLabels(&buffer, c.customer.labels, x: x, y: y, width: labelsWidth, theme: theme)
        let previewWidth = max(0, maxX - x - tailWidth)
        let preview = (c.lastMessageDirection == .outbound ? "↩ " : "") + AttachmentLine.preview(c.lastMessagePreview, words: w)
        x = buffer.put(DisplayWidth.fit(preview, previewWidth), x: x, y: y, style: theme[c.state == .pending ? "queue.meta" : "queue"], maxX: maxX)
        x = buffer.put(" " + DisplayWidth.fit(unread, 3), x: x, y: y, style: theme["queue.unread"], maxX: maxX)
        if wide {
            let who = c.state == .pending ? "⏸" + (c.assignee ?? "") : (c.state == .resolved ? "✓" + (c.assignee ?? "") : c.assignee ?? "—")
            x = buffer.put(" " + DisplayWidth.fit(who, 8), x: x, y: y, style: theme["queue.meta"], maxX: maxX)
            let window = c.window.countdown(at: now)
            x = buffer.put(" " + DisplayWidth.fit(window == "closed" ? w("closed") : window, 5), x: x, y: y,
                           style: theme[window == "closed" ? "queue.window_closed" : "queue.meta"], maxX: maxX)
        }
        if selected {
            let sel = theme["queue.selected"]
            buffer.restyle(y: y, from: x0, to: maxX) { s in
                Style(fg: sel.fg == .default ? s.fg : sel.fg, bg: sel.bg, attrs: s.attrs.union(sel.attrs))
            }
            // The SLA stays visible on the selected row: the marker and the age keep their warning colour.
            if waitStyle == "queue.sla_breached" || waitStyle == "queue.sla_warning" {
                let sla = theme[waitStyle]
                let keep: (Style) -> Style = { s in Style(fg: sla.fg == .default ? s.fg : sla.fg, bg: sel.bg, attrs: s.attrs.union(sla.attrs).union(.bold)) }
                buffer.restyle(y: y, from: x0, to: x0 + 1, keep)
                buffer.restyle(y: y, from: ageX, to: ageEnd, keep)
            }
            // Labels keep their colours on the selected row.
            _ = drawLabels(&buffer, c.customer.labels, x: labelsX, y: y, width: labelsWidth, theme: theme, background: sel.bg)
        }
    }

    /// Labels as `vip kartu ` in their colours, within `width` columns; when they do not all fit whole each
    /// is shortened alike (`tr… vip`), so every label keeps a visible mark. Returns where the row goes on.
    static func drawLabels(_ buffer: inout ScreenBuffer, _ labels: [String], x: Int, y: Int, width: Int, theme: Theme,
                           background: Color? = nil) -> Int {
        var x = x
        let end = x + width
        let whole = labels.reduce(0) { $0 + DisplayWidth.of($1) + 1 }
        let each = whole <= width ? Int.max : max(3, width / max(1, labels.count) - 1)
        for label in labels {
            let room = min(each, end - x - 1)
            guard room >= 2 else { break }
            let text = DisplayWidth.of(label) <= room ? label : DisplayWidth.fit(label, room, pad: false)
            var style = LabelStyle.style(label, theme)
            var gap = theme["queue"]
            if let background { style.bg = background; gap.bg = background }
            x = buffer.put(text, x: x, y: y, style: style, maxX: end)
            x = buffer.put(" ", x: x, y: y, style: gap, maxX: end + 1)
        }
        return x
    }
}

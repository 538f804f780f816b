import TermCore

/// Draws a box with a title in its top border.
enum Box {
    /// A piece of a title with its own style (nil: the title's).
    struct TitlePart {
        var text: String
        var style: String?
        init(text: String, style: String? = nil) { self.text = text; self.style = style }
    }

    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, theme: Theme) {
        draw(&buffer, r, title: title.isEmpty ? [] : [TitlePart(text: title)], focused: focused, theme: theme)
    }

    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, title: [TitlePart], focused: Bool, theme: Theme) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border = theme[focused ? "border.focused" : "border"]
        horizontal(&buffer, r, y: r.y, ends: ("┌", "┐"), style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer.put("│", x: r.x, y: y, style: border)
            buffer.put("│", x: r.maxX - 1, y: y, style: border)
        }
        horizontal(&buffer, r, y: r.maxY - 1, ends: ("└", "┘"), style: border)
        guard !title.isEmpty else { return }
        let base = focused ? "title.focused" : "title"
        var x = buffer.put(" ", x: r.x + 1, y: r.y, style: theme[base], maxX: r.maxX - 1)
        // A title wider than the box is cut with "…" (never a number silently shortened).
        var room = r.width - 4
        for part in title where room > 0 {
            let text = DisplayWidth.of(part.text) <= room ? part.text : DisplayWidth.fit(part.text, room, pad: false)
            room -= DisplayWidth.of(text)
            x = buffer.put(text, x: x, y: r.y, style: theme[part.style ?? base], maxX: r.maxX - 1)
        }
        buffer.put(" ", x: x, y: r.y, style: theme[base], maxX: r.maxX - 1)
    }

    /// A horizontal divider across a box: ├────┤.
    static func divider(_ buffer: inout ScreenBuffer, _ r: Rect, y: Int, focused: Bool, theme: Theme) {
        horizontal(&buffer, r, y: y, ends: ("├", "┤"), style: theme[focused ? "border.focused" : "border"])
    }

    /// A horizontal edge: its two ends and a run of ─ between them.
    private static func horizontal(_ buffer: inout ScreenBuffer, _ r: Rect, y: Int, ends: (String, String), style: Style) {
        buffer.repeatGlyph(ends.0, count: 1, x: r.x, y: y, style: style)
        buffer.repeatGlyph("─", count: max(0, r.width - 2), x: r.x + 1, y: y, style: style)
        buffer.repeatGlyph(ends.1, count: 1, x: r.maxX - 1, y: y, style: style)
    }
}

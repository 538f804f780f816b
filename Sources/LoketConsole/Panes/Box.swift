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
        buffer.put("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer.put("│", x: r.x, y: y, style: border)
            buffer.put("│", x: r.maxX - 1, y: y, style: border)
        }
        buffer.put("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.maxY - 1, style: border)
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
        buffer.put("├" + String(repeating: "─", count: max(0, r.width - 2)) + "┤", x: r.x, y: y, style: theme[focused ? "border.focused" : "border"])
    }
}

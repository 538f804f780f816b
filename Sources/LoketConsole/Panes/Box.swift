import TermCore

/// Draws a box with a title in its top border.
enum Box {
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, theme: Theme) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border = theme[focused ? "border.focused" : "border"]
        buffer.put("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer.put("│", x: r.x, y: y, style: border)
            buffer.put("│", x: r.maxX - 1, y: y, style: border)
        }
        buffer.put("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.maxY - 1, style: border)
        if !title.isEmpty {
            buffer.put(" " + title + " ", x: r.x + 1, y: r.y, style: theme[focused ? "title.focused" : "title"], maxX: r.maxX - 1)
        }
    }

    /// A horizontal divider across a box: ├────┤.
    static func divider(_ buffer: inout ScreenBuffer, _ r: Rect, y: Int, focused: Bool, theme: Theme) {
        buffer.put("├" + String(repeating: "─", count: max(0, r.width - 2)) + "┤", x: r.x, y: y, style: theme[focused ? "border.focused" : "border"])
    }
}

import TermCore

/// A dialog's lines of text, wrapped to its width, each with a priority: when the dialog is shorter than
/// its lines (60x16), the least important go first (spacers, then the extra lines of a long body, which
/// then ends with …), so what must be read before a confirmation is always there.
struct DialogLines {
    struct Line { var text: String; var style: String; var indent: Int; var priority: Int }

    let width: Int
    private(set) var lines: [Line] = []

    init(width: Int) { self.width = width }

    /// A line (wrapped when wider than the dialog, every part keeping the priority).
    mutating func add(_ text: String, _ style: String = "dialog", indent: Int = 1, priority: Int) {
        guard !text.isEmpty else { lines.append(Line(text: "", style: style, indent: indent, priority: priority)); return }
        for part in MessageLines.wrap(text, width: max(1, width - indent - 1)) {
            lines.append(Line(text: part, style: style, indent: indent, priority: priority))
        }
    }

    /// A body of text: its first line matters (2), the rest can go (1); at most `maxLines`.
    mutating func addBody(_ text: String, indent: Int, maxLines: Int) {
        // Two columns kept free for the " …" of a shortened body.
        let wrapped = MessageLines.wrap(text, width: max(1, width - indent - 3))
        for (i, part) in wrapped.prefix(maxLines).enumerated() {
            let cut = i == maxLines - 1 && wrapped.count > maxLines
            lines.append(Line(text: cut ? part + " …" : part, style: "dialog", indent: indent, priority: i == 0 ? 2 : 1))
        }
    }

    /// The lines that fit in `height` rows: the lowest priority dropped first (the last of equals first).
    func fitted(height: Int) -> [Line] {
        var kept = lines
        while kept.count > height, let lowest = kept.map(\.priority).min() {
            guard let i = kept.lastIndex(where: { $0.priority == lowest }) else { break }
            let droppedBody = kept[i].priority == 1
            kept.remove(at: i)
            // A shortened body says so on its last kept line.
            if droppedBody, let last = kept.lastIndex(where: { $0.priority <= 2 && $0.indent > 1 }), !kept[last].text.hasSuffix("…") {
                kept[last].text += " …"
            }
        }
        return Array(kept.prefix(height))
    }

    func draw(_ buffer: inout ScreenBuffer, in r: Rect, theme: Theme) {
        for (row, line) in fitted(height: r.height).enumerated() {
            buffer.put(line.text, x: r.x + line.indent, y: r.y + row, style: theme[line.style], maxX: r.maxX)
        }
    }
}

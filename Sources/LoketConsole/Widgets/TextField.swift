import Foundation
import TermCore

/// A one-line text input in a dialog (a reason, a template parameter, the audience, a list filter): the
/// shared line-editing keys, pasted newlines become spaces, and it draws itself with its cursor.
struct TextField: Equatable {
    private(set) var buffer: ComposerBuffer

    init(_ text: String = "") { buffer = ComposerBuffer(text) }

    var string: String { buffer.string }

    /// Applies a typed character, a paste or a line-editing key; false for any other key.
    mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .char(let c): buffer.insert(String(c))
        case .paste(let s): buffer.insert(s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: ""))
        default: return buffer.applyLineEditing(key)
        }
        return true
    }

    /// Draws `label` and the text on one row, a bar after the text when the cursor is at its end; returns
    /// where the terminal cursor goes.
    /// A field that is not being typed in (`focused` false) shows no bar. Text wider than the room scrolls so
    /// the cursor stays in view, with "…" where the start is hidden.
    func draw(_ screen: inout ScreenBuffer, label: String, x: Int, y: Int, maxX: Int, style: Style, focused: Bool = true) -> (x: Int, y: Int) {
        var before = Array(buffer.text.prefix(buffer.cursor))
        let after = Array(buffer.text.dropFirst(buffer.cursor))
        let atEnd = after.isEmpty
        let start = screen.put(label, x: x, y: y, style: style, maxX: maxX)
        let room = maxX - start - 1
        var hidden = false
        while room > 2, DisplayWidth.of(String(before)) + 1 + (hidden ? 1 : 0) > room, !before.isEmpty {
            before.removeFirst()
            hidden = true
        }
        let shown = (hidden ? "…" : "") + String(before) + String(after) + (atEnd && focused ? "▏" : "")
        screen.put(shown, x: start, y: y, style: style, maxX: maxX)
        return (min(maxX - 1, start + (hidden ? 1 : 0) + DisplayWidth.of(String(before))), y)
    }

    /// A highlighted row with the field on it (how dialogs show the field being typed in).
    func drawRow(_ screen: inout ScreenBuffer, label: String, row: Rect, indent: Int = 0, theme: Theme) -> (x: Int, y: Int) {
        screen.fill(Rect(x: row.x, y: row.y, width: row.width, height: 1), style: theme["dialog.selected"])
        return draw(&screen, label: label, x: row.x + indent, y: row.y, maxX: row.maxX, style: theme["dialog.selected"])
    }
}

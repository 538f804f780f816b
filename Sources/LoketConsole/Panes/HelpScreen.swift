import Foundation
import TermCore

/// The help screen: every scope's keys from the action table and the keymap (queue, composer, search, every
/// dialog), with the reason beside an action that is not allowed now. Taller than the screen, it scrolls.
enum HelpScreen {
    struct Line { var keys: String; var text: String; var style: String }

    static let normalGroups = ["General", "Moving around", "Conversation", "Announcements"]

    /// Keys of the text fields (composer, search, dialog fields): fixed, like a shell's line editing.
    static let editing: [(String, String)] = [
        ("Ctrl-W", "Delete the word before the cursor"), ("Ctrl-U", "Delete to the start of the line"),
        ("←/→ Home/End", "Move the cursor (Alt-←/→ by word)"), ("PageUp/PageDown", "Scroll the conversation (composer)"),
    ]

    @MainActor
    static func lines(state: ConsoleState, keymap: Keymap, now: Date) -> [Line] {
        var out: [Line] = []
        let w = state.words
        func add(_ b: ActionBinding) {
            var keys = keymap.keys(for: b.action)
            if b.action == .presetF6 {
                keys = [Action.presetF6, .presetF7, .presetF8, .presetF9].map { keymap.keys(for: $0) }.filter { !$0.isEmpty }.joined(separator: "/")
            } else if b.action.presetKey != nil { return }
            out.append(Line(keys: keys, text: w(b.summary), style: "help.action"))
            // Not allowed now: why, on its own line under it.
            if let why = b.disabledReason(state, now: now) { out.append(Line(keys: "", text: "↳ " + w("not now: {1}", why), style: "help.disabled")) }
        }
        for scope in KeyScope.allCases {
            let bindings = ActionTable.byScope[scope] ?? []
            if scope == .normal {
                for g in normalGroups {
                    out.append(Line(keys: "", text: w(g), style: "help.group"))
                    bindings.filter { $0.group == g }.forEach(add)
                }
                continue
            }
            out.append(Line(keys: "", text: w(scope.title), style: "help.group"))
            bindings.forEach(add)
            if scope == .composer {
                out += editing.map { Line(keys: $0.0, text: w($0.1), style: "help.action") }
            }
        }
        return out
    }

    /// How far the help can scroll on a screen of `height` rows.
    @MainActor
    static func maxScroll(lineCount: Int, screenHeight: Int) -> Int { max(0, lineCount - max(1, screenHeight - 4)) }

    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, screen: Rect, state: ConsoleState, keymap: Keymap, theme: Theme, now: Date, scroll wanted: Int) {
        let lines = self.lines(state: state, keymap: keymap, now: now)
        let fits = lines.count + 2 <= screen.height - 2
        let title = state.words(fits ? "Help — keys (rebind them in keys.toml)" : "Help — j/k scroll · keys.toml rebinds")
        let inner = Overlay.frame(&buffer, width: 86, height: lines.count + 2, in: screen, title: title, theme: theme)
        let scroll = max(0, min(wanted, lines.count - inner.height))
        for (i, l) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let y = inner.y + i
            if l.keys.isEmpty && l.style == "help.group" { buffer.put(l.text, x: inner.x + 1, y: y, style: theme[l.style], maxX: inner.maxX); continue }
            buffer.put(DisplayWidth.fit(l.keys, 16), x: inner.x + 2, y: y, style: theme["help.key"], maxX: inner.maxX)
            var style = theme["help.action"]
            if l.style == "help.disabled" { style.attrs.formUnion(.dim) }
            // A reason starts under the keys, so it has the width to be read whole.
            let x = inner.x + (l.style == "help.disabled" ? 6 : 19)
            buffer.put(DisplayWidth.fit(l.text, max(0, inner.maxX - x), pad: false), x: x, y: y, style: style, maxX: inner.maxX)
        }
    }
}

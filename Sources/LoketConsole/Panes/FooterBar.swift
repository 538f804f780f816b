import Foundation
import TermCore

/// The last line: "store busy…" while a write waits, the status message if there is one, then the keys of
/// this mode, generated from the bindings.
enum FooterBar {
    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, keymap: Keymap, theme: Theme) {
        buffer.fill(r, style: theme["footer"])
        var x = r.x
        if state.storeBusy, !(state.status?.text.hasPrefix("store busy") ?? false) {
            let waiting = state.pendingAction.map { "\($0) waiting" } ?? "another process is writing"
            x = buffer.put(" store busy… \(waiting) ", x: x, y: r.y, style: theme["status.error"], maxX: r.maxX)
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
        }
        if let s = state.status {
            x = buffer.put(" " + s.text + " ", x: x, y: r.y, style: theme[s.isError ? "status.error" : "status.info"], maxX: r.maxX)
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
        }
        for (key, label) in hints(state: state, keymap: keymap) {
            guard x + DisplayWidth.of(key) + DisplayWidth.of(label) + 2 <= r.maxX else { break }
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
            x = buffer.put(key, x: x, y: r.y, style: theme["footer.key"], maxX: r.maxX)
            x = buffer.put(" " + label + " ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
        }
    }

    @MainActor
    static func hints(state: ConsoleState, keymap: Keymap) -> [(String, String)] {
        switch state.mode {
        case .normal:
            return Action.footer.map { (keymap.primaryKey(for: $0), $0.label) }.filter { !$0.0.isEmpty }
        case .composing(let note):
            return [("Enter", note ? "save note" : "send"), ("Alt-Enter", "new line"), ("Ctrl-W", "delete word"), ("Esc", "leave (draft kept)")]
        case .searchInput: return [("Enter", "search"), ("Esc", "back")]
        case .searchResults: return [("Enter", "open"), (keymap.keys(for: .moveDown), "next"), ("/", "new search"), ("Esc", "back")]
        case .help: return [(keymap.keys(for: .moveDown) + " " + keymap.keys(for: .moveUp), "scroll"), ("any other key", "close help")]
        case .assignPicker: return [("Enter", "assign"), (keymap.keys(for: .moveDown), "next"), ("Esc", "cancel")]
        case .assignReason: return [("Enter", "reassign"), ("Esc", "back")]
        case .templatePicker: return [("Enter", "choose"), (keymap.keys(for: .moveDown), "next"), ("Esc", "cancel")]
        case .templateParameters: return [("Enter", "next / send"), ("Tab", "next"), ("Shift-Tab", "previous"), ("Esc", "back")]
        case .announceTemplate: return [("Enter", "choose"), (keymap.keys(for: .moveDown), "next"), ("Esc", "close")]
        case .announceParameters: return [("Enter", "next / audience"), ("Tab", "next"), ("Shift-Tab", "previous"), ("Esc", "back")]
        case .announceAudience: return [("Enter", "preview"), ("Tab", "open/all/label:/country:"), ("Esc", "back")]
        case .announceConfirm: return [("Enter/y", "send"), ("Esc/n", state.announcement.preset == nil ? "back" : "don't send")]
        case .announceProgress(let cancelling):
            return cancelling ? [("y", "stop sending"), ("any key", "keep sending")] : [("x", "cancel it"), ("n", "new announcement"), ("Esc", "close")]
        }
    }
}

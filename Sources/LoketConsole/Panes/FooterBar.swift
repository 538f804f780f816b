import Foundation
import TermCore

/// The last line: "store busy…" while a write waits, the status message if there is one, then the keys of
/// this mode, generated from the action table and the keymap. An action not allowed now is dimmed (its
/// key says why when pressed, and the help screen lists the reason).
enum FooterBar {
    struct Hint: Equatable { var key: String; var label: String; var disabled: Bool }

    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, keymap: Keymap, theme: Theme, now: Date) {
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
        for h in hints(state: state, keymap: keymap, now: now) {
            guard x + DisplayWidth.of(h.key) + DisplayWidth.of(h.label) + 2 <= r.maxX else { break }
            let dim: (Style) -> Style = { s in h.disabled ? Style(fg: s.fg, bg: s.bg, attrs: s.attrs.union(.dim)) : s }
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
            x = buffer.put(h.key, x: x, y: r.y, style: dim(theme[h.disabled ? "footer" : "footer.key"]), maxX: r.maxX)
            x = buffer.put(" " + h.label + " ", x: x, y: r.y, style: dim(theme["footer"]), maxX: r.maxX)
        }
    }

    /// The footer's keys in the current mode: each footer action of the scope with its bound keys.
    @MainActor
    static func hints(state: ConsoleState, keymap: Keymap, now: Date = .distantPast) -> [Hint] {
        let scope = state.mode.scope
        var out: [Hint] = []
        for b in ActionTable.byScope[scope] ?? [] where b.inFooter {
            let key = scope == .normal ? keymap.primaryKey(for: b.action) : keymap.keys(for: b.action)
            guard !key.isEmpty else { continue }
            let hint = Hint(key: key, label: label(b, state: state), disabled: b.disabledReason(state, now: now) != nil)
            // Actions doing the same here share one hint (Esc/q close).
            if let last = out.last, last.label == hint.label, last.disabled == hint.disabled { out[out.count - 1].key += "/" + key } else { out.append(hint) }
        }
        if scope == .help { out.append(Hint(key: "any other key", label: "close help", disabled: false)) }
        return out
    }

    /// A label that depends on the dialog's moment (a note is saved, a preset is not sent…).
    static func label(_ b: ActionBinding, state: ConsoleState) -> String {
        switch (state.mode, b.action) {
        case (.composing(note: true), .send): return "save note"
        case (.announceConfirm, .yes): return "send"
        case (.announceConfirm, .no), (.announceConfirm, .back): return state.announcement.preset == nil ? "back" : "don't send"
        case (.announceProgress(cancelling: true), .yes): return "stop sending"
        case (.announceProgress(cancelling: true), .no), (.announceProgress(cancelling: true), .back): return "keep sending"
        case (.confirmResolve, .yes): return "resolve"
        case (.confirmResolve, .no), (.confirmResolve, .back): return "keep open"
        case (.assignReason, .select): return "reassign"
        case (.announceAudience, .select): return "preview"
        case (.announceAudience, .nextField): return "open/all/label:/country:"
        default: return b.label
        }
    }
}

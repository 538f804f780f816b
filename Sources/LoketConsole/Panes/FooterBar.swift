import Foundation
import TermCore

/// The last line: "store busy…" while a write waits, the status message if there is one, then the keys of
/// this mode, generated from the action table and the keymap. An action not allowed now is dimmed (its
/// key says why when pressed, and the help screen lists the reason).
enum FooterBar {
    struct Hint: Equatable { var key: String; var label: String; var disabled: Bool }

    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, dialog: (any Dialog)?, keymap: Keymap, theme: Theme, now: Date) {
        buffer.fill(r, style: theme["footer"])
        var x = r.x
        let w = state.words
        if state.storeBusy, !(state.status?.isStoreBusy ?? false) {
            let waiting = state.pendingAction.map { w("{1} waiting", w($0)) } ?? w("another process is writing")
            x = buffer.put(" " + w("store busy… {1}", waiting) + " ", x: x, y: r.y, style: theme["status.error"], maxX: r.maxX)
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
        }
        if let s = state.status {
            x = buffer.put(" " + s.text + " ", x: x, y: r.y, style: theme[s.isError ? "status.error" : "status.info"], maxX: r.maxX)
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
        }
        for h in hints(state: state, dialog: dialog, keymap: keymap, now: now) {
            guard x + DisplayWidth.of(h.key) + DisplayWidth.of(h.label) + 2 <= r.maxX else { break }
            let dim: (Style) -> Style = { s in h.disabled ? Style(fg: s.fg, bg: s.bg, attrs: s.attrs.union(.dim)) : s }
            x = buffer.put(" ", x: x, y: r.y, style: theme["footer"], maxX: r.maxX)
            x = buffer.put(h.key, x: x, y: r.y, style: dim(theme[h.disabled ? "footer" : "footer.key"]), maxX: r.maxX)
            x = buffer.put(" " + h.label + " ", x: x, y: r.y, style: dim(theme["footer"]), maxX: r.maxX)
        }
    }

    /// The footer's keys now: each footer action of the top dialog's scope (or the composer's, or the queue's)
    /// with its bound keys, labelled and dimmed by the dialog that reads them.
    @MainActor
    static func hints(state: ConsoleState, dialog: (any Dialog)? = nil, keymap: Keymap, now: Date = .distantPast) -> [Hint] {
        let scope = dialog?.scope ?? (state.composing != nil ? .composer : .normal)
        var out: [Hint] = []
        for b in ActionTable.byScope[scope] ?? [] where b.inFooter {
            let key = scope == .normal ? keymap.primaryKey(for: b.action) : keymap.keys(for: b.action)
            guard !key.isEmpty else { continue }
            let label = state.words(dialog?.label(for: b) ?? (state.composing == .note && b.action == .send ? "save note" : b.label))
            let disabled = (dialog?.disabledReason(b.action) ?? b.disabledReason(state, now: now)) != nil
            let hint = Hint(key: key, label: label, disabled: disabled)
            // Actions doing the same here share one hint (Esc/q close).
            if let last = out.last, last.label == hint.label, last.disabled == hint.disabled { out[out.count - 1].key += "/" + key } else { out.append(hint) }
        }
        return out + (dialog?.extraHints ?? []).map { Hint(key: state.words($0.key), label: state.words($0.label), disabled: $0.disabled) }
    }
}

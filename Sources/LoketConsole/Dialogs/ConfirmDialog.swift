import LoketStore
import TermCore

/// A yes/no question in a small box ("Resolve Budi Santoso?"): yes does it; no, Esc (and, when
/// `anyOtherKeyIsNo`, any other key) keeps things as they are.
final class ConfirmDialog: Dialog {
    let title: String
    let question: String
    let yesLabel: String
    let noLabel: String
    let anyOtherKeyIsNo: Bool
    private let onYes: @MainActor (ConsoleController) async -> Void
    private let onNo: @MainActor (ConsoleController) async -> Void

    init(title: String, question: String, yes: String, no: String, anyOtherKeyIsNo: Bool = true,
         onYes: @escaping @MainActor (ConsoleController) async -> Void, onNo: @escaping @MainActor (ConsoleController) async -> Void = { _ in }) {
        self.title = title
        self.question = question
        yesLabel = yes
        noLabel = no
        self.anyOtherKeyIsNo = anyOtherKeyIsNo
        self.onYes = onYes
        self.onNo = onNo
    }

    var scope: KeyScope { .confirm }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch action {
        case .yes?:
            console.close(self)
            await onYes(console)
        case .no?, .back?:
            console.close(self)
            await onNo(console)
        default:
            guard anyOtherKeyIsNo else { return }
            console.close(self)
            await onNo(console)
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let inner = Overlay.frame(&buffer, width: 60, height: 4, in: area.screen, title: area.state.words(title), theme: area.theme)
        let w = area.state.words
        let others = anyOtherKeyIsNo ? w("any other key: {1}", w(noLabel)) : "\(area.keymap.keys(for: .no)) \(w(noLabel))"
        buffer.put(question, x: inner.x + 1, y: inner.y, style: area.theme["dialog"], maxX: inner.maxX)
        buffer.put("\(area.keymap.keys(for: .yes)) \(w(yesLabel)) · \(others)", x: inner.x + 1, y: inner.y + 1, style: area.theme["dialog"], maxX: inner.maxX)
        return nil
    }

    func label(for binding: ActionBinding) -> String {
        switch binding.action {
        case .yes: return yesLabel
        case .no, .back: return noLabel
        default: return binding.label
        }
    }
}

extension KeyScope {
    /// Confirmations: a question answered with one key.
    static let confirm = KeyScope("confirm", title: "Confirmations")
}

extension DialogKind {
    static let confirmation = DialogKind(bindings: [
        ActionBinding(.yes, .confirm, "yes", "Do it", footer: true),
        ActionBinding(.back, .confirm, "back", "Don't (go back)", footer: true),
        ActionBinding(.no, .confirm, "back", "Don't (go back)", footer: true),
    ])

    /// `r`: one key confirms, naming the customer, so a stray `r` never resolves anyone.
    static let resolve = DialogKind(opener: [.resolve]) { console, _ in
        guard let c = console.state.conversation else { console.say("select a conversation first"); return nil }
        let (id, name) = (c.id, Format.name(c.customer))
        return ConfirmDialog(title: L("Resolve?"), question: console.w("Resolve {1}?", name), yes: L("resolve"), no: L("keep open"), onYes: { console in
            console.conversationAction("resolve", done: console.w("resolved {1} — {2} reopens it", name, console.keymap.primaryKey(for: .reopen)), ref: .id(id)) { [store = console.store] ref, me in
                try await store.resolve(ref, by: me)
            }
        }, onNo: { console in console.say("{1} not resolved", name) })
    }
}

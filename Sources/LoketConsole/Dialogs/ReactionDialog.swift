import LoketDomain
import LoketStore
import TermCore

/// `+` on the selected message: react with one of WhatsApp's usual emoji, or take the reaction back. It
/// shows on the message at once and goes to the customer through the outbox.
final class ReactionDialog: Dialog {
    /// "" is "take it back".
    private(set) var list: ListView<String>
    let ref: ConversationRef
    let wamid: String

    init(ref: ConversationRef, wamid: String) {
        list = ListView(ReactionEmoji.picker + [""])
        self.ref = ref
        self.wamid = wamid
    }

    var scope: KeyScope { .list }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        // The emoji's own key reacts at once: 1…6.
        if case .char(let c) = key, let n = c.wholeNumberValue, (1...ReactionEmoji.picker.count).contains(n) {
            react(ReactionEmoji.picker[n - 1], in: console)
            return
        }
        switch list.choose(key, action: action, height: ReactionEmoji.picker.count + 1) {
        case .cancelled: console.close(self)
        case .chosen(let emoji): react(emoji, in: console)
        case .handled, .ignored: break
        }
    }

    private func react(_ emoji: String, in console: ConsoleController) {
        let (store, me, ref, wamid) = (console.store, console.state.me.login, self.ref, self.wamid)
        console.close(self)
        console.noteOwnWrite(ref)
        console.perform("reaction", { try await store.react(ref, to: wamid, emoji: emoji, by: me) }) { [console] _ in
            emoji.isEmpty ? console.say("reaction taken back") : console.say("reacted {1}", emoji)
            await console.loadConversation(resetScroll: false)
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let inner = Overlay.frame(&buffer, width: 40, height: ReactionEmoji.picker.count + 4, in: area.screen, title: w("React"), theme: theme)
        buffer.put(w("Enter or 1–6 reacts"), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        let rows = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        var index = 0
        return list.draw(&buffer, rows, theme: theme, words: w) { buffer, row, emoji, selected in
            index += 1
            let text = emoji.isEmpty ? w("take my reaction back") : "\(index)  \(emoji)"
            buffer.put((selected ? "▶ " : "  ") + text, x: row.x, y: row.y, style: theme[selected ? "dialog.selected" : "dialog"], maxX: row.maxX)
        }
    }

    func label(for binding: ActionBinding) -> String { binding.action == .select ? L("react") : binding.label }
}

extension DialogKind {
    static let reaction = DialogKind(opener: [.react]) { console, _ in
        guard let c = console.state.conversation, let m = console.state.selectedMessage, let wamid = m.wamid else {
            console.warn("select a message first (Tab, then j/k)")
            return nil
        }
        return ReactionDialog(ref: .id(c.id), wamid: wamid)
    }
}

import Foundation
import LoketDomain
import LoketStore
import TermCore

/// `p`: set the conversation pending, with an optional time it comes back to its agent ("2h", "16:30",
/// "besok 09:00", "tomorrow 09:00", "2026-12-02 09:00"; empty: no time). It comes back earlier when the
/// customer writes.
final class PendingDialog: Dialog {
    private(set) var field = TextField()
    let ref: ConversationRef
    let name: String

    init(ref: ConversationRef, name: String) {
        self.ref = ref
        self.name = name
    }

    var scope: KeyScope { .field }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch action {
        case .back?: console.close(self)
        case .select?: submit(in: console)
        default: _ = field.edit(key)
        }
    }

    private func submit(in console: ConsoleController) {
        let text = field.string.trimmingCharacters(in: .whitespaces)
        let until: Date?
        do {
            // Times are read in the console's (the business's) zone.
            let zone = console.settings.timeZone.isEmpty ? TimeZone.current : TimeZone(identifier: console.settings.timeZone) ?? .current
            until = text.isEmpty ? nil : try PendingTime.parse(text, now: console.clock(), timeZone: zone)
        } catch {
            console.report(error)
            return
        }
        let (store, me, ref, name) = (console.store, console.state.me.login, self.ref, self.name)
        console.noteOwnWrite(ref)
        console.perform("pending", { try await store.setPending(ref, by: me, until: until) }) { [self, console] t in
            console.close(self)
            if let until {
                console.say("{1} set pending until {2} {3}", name, console.calendar.date(until), console.calendar.clock(until))
            } else {
                t.changed ? console.say("{1} set pending", name) : console.say("nothing to change")
            }
            await console.reloadQueue()
            await console.loadConversation(resetScroll: false)
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let w = area.state.words
        let inner = Overlay.frame(&buffer, width: 64, height: 5, in: area.screen, title: w("Pending"), theme: theme)
        buffer.put(w("Set {1} pending until… (empty: no time)", name), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        buffer.put("2h · 16:30 · besok 09:00 · tomorrow 09:00 · 2026-12-02 09:00", x: inner.x + 1, y: inner.y + 1,
                   style: theme["dialog"], maxX: inner.maxX)
        return field.drawRow(&buffer, label: w("Until: "), row: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), indent: 1,
                             theme: theme)
    }

    func label(for binding: ActionBinding) -> String {
        binding.action == .select ? L("set pending") : binding.action == .back ? L("cancel") : binding.label
    }
}

extension DialogKind {
    static let pending = DialogKind(opener: [.pending]) { console, _ in
        guard let c = console.state.conversation else { console.say("select a conversation first"); return nil }
        return PendingDialog(ref: .id(c.id), name: Format.name(c.customer))
    }
}

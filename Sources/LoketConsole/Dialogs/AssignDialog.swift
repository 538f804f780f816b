import LoketDomain
import LoketStore
import TermCore

/// `a`: choose the agent to give the conversation to; moving someone else's chat then asks for a reason
/// (kept in the audit trail), claiming or taking over a waiting one does not.
final class AssignDialog: Dialog {
    private(set) var list: ListView<Agent>
    /// The reason being typed, once an agent other than the holder is chosen.
    private(set) var reason: TextField?
    private(set) var target: String?
    let holder: String?

    init(agents: [Agent], holder: String?) {
        self.holder = holder
        list = ListView(agents, selected: agents.firstIndex { $0.login != holder } ?? 0) { a, text in
            a.login.lowercased().contains(text) || a.name.lowercased().contains(text)
        }
    }

    var scope: KeyScope { reason != nil ? .field : list.isFiltering ? .filter : .list }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if reason != nil {
            switch action {
            case .back?: reason = nil; target = nil
            case .select?: if let target { assign(to: target, reason: reason?.string, in: console) }
            default: _ = reason?.edit(key)
            }
            return
        }
        switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
        case .cancelled: console.close(self)
        case .chosen(let agent):
            if let holder, holder != agent.login {
                target = agent.login
                reason = TextField()
            } else {
                assign(to: agent.login, reason: nil, in: console)
            }
        case .handled, .ignored: break
        }
    }

    private func assign(to target: String, reason: String?, in console: ConsoleController) {
        guard let ref = console.selectedRef else { return }
        console.close(self)
        console.noteOwnWrite(ref)
        let (store, me) = (console.store, console.state.me.login)
        console.perform("assignment", { try await store.assign(ref, to: target, by: me, reason: reason) }) { [console] t in
            t.changed ? console.say("assigned to {1}", target) : console.say("{1} already holds it", target)
            await console.reloadQueue()
            await console.loadConversation(resetScroll: false)
        }
    }

    private func size(_ screen: Rect) -> (width: Int, height: Int) { (52, min(list.items.count, 14) + 3) }

    /// Rows for agents: the frame's inside less the legend (and the reason row while typing it).
    private func listRect(_ screen: Rect) -> Rect {
        Overlay.region(width: size(screen).width, height: size(screen).height, in: screen, top: 1, bottom: reason == nil ? 0 : 1)
    }


    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let inner = Overlay.frame(&buffer, width: size(area.screen).width, height: size(area.screen).height, in: area.screen,
                                  title: area.state.words("Assign to… (held by {1})", holder ?? area.state.words("nobody")), theme: theme)
        buffer.put(area.state.words("● online  ○ offline   open chats / capacity"), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        var cursor = list.draw(&buffer, listRect(area.screen), theme: theme, words: area.state.words, row: ListView.textRow({ a in
            "\(a.online ? "●" : "○") \(DisplayWidth.fit(a.login, 12)) \(DisplayWidth.fit(a.name, 16)) \(a.load)/\(a.capacity) \(a.role == .supervisor ? area.state.words("sup") : "")"
        }, theme: theme))
        if let reason, let target {
            cursor = reason.drawRow(&buffer, label: area.state.words("Reason for moving it to {1}: ", target),
                                    row: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), theme: theme)
        }
        return cursor
    }

    func label(for binding: ActionBinding) -> String {
        reason != nil && binding.action == .select ? L("reassign") : binding.label
    }
}

extension DialogKind {
    static let assign = DialogKind(opener: [.assign]) { console, _ in
        guard console.state.conversation != nil else { console.say("select a conversation first"); return nil }
        do {
            let agents = try await console.store.agents()
            return AssignDialog(agents: agents, holder: console.state.conversation?.assignee)
        } catch { console.report(error); return nil }
    }
}

import LoketDomain
import LoketStore
import TermCore

/// An announcement being sent: a progress bar and counts that follow the store; `x` asks, then stops
/// sending to the customers not reached yet; `n` composes a new one; closing it lets sending go on.
final class AnnouncementProgressDialog: Dialog {
    private(set) var progress: AnnouncementProgress
    /// Asking "stop sending to the N not yet sent?".
    private(set) var cancelling = false

    init(progress: AnnouncementProgress) { self.progress = progress }

    var scope: KeyScope { cancelling ? .confirm : .progress }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if cancelling {
            cancelling = false
            if action == .yes { cancel(in: console) }
            return
        }
        switch action {
        case .back?, .select?, .quit?: console.close(self)
        case .cancelAnnouncement?:
            await refresh(in: console, after: nil)
            if let why = disabledReason(.cancelAnnouncement) { console.say(why); return }
            cancelling = true
        case .newAnnouncement?:
            guard let templates = await TemplateChoice.load(console) else { return }
            console.replace(self, with: AnnouncementComposerDialog(templates: templates))
        default: break
        }
    }

    private func cancel(in console: ConsoleController) {
        let (store, me, id) = (console.store, console.state.me.login, progress.id)
        console.perform("cancellation", { try await store.cancelAnnouncement(id, by: me) }) { [self, console] progress in
            self.progress = progress
            console.say("announcement #{1} cancelled: {2} not sent", id, progress.cancelled)
            await console.reloadHeaderFigures()
        }
    }

    /// Every second too: sends move the counters.
    func refresh(in console: ConsoleController, after changes: [Change]?) async {
        if let p = try? await console.store.announcementProgress(progress.id) { progress = p }
    }

    func disabledReason(_ action: Action) -> String? {
        guard action == .cancelAnnouncement, progress.state != "sending" || progress.queued == 0 else { return nil }
        return L("nothing left to cancel")
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let (p, theme) = (progress, area.theme)
        let inner = Overlay.frame(&buffer, width: 72, height: 10, in: area.screen, title: area.state.words("Announcement #{1} — {2}", p.id, area.state.words(p.state)), theme: theme)
        let barWidth = max(10, inner.width - 12)
        let percent = p.total == 0 ? 100 : (p.total - p.queued) * 100 / p.total
        buffer.put("\(p.bar(width: barWidth)) \(percent)%", x: inner.x + 1, y: inner.y + 1, style: theme["dialog.title"], maxX: inner.maxX)
        let w = area.state.words
        buffer.put(p.countPhrases.map { w($0) }.joined(separator: " · "), x: inner.x + 1, y: inner.y + 3, style: theme["dialog"], maxX: inner.maxX)
        buffer.put(w("of {1} recipients", p.total), x: inner.x + 1, y: inner.y + 4, style: theme["dialog"], maxX: inner.maxX)
        if let code = p.stopCode {
            buffer.put(w("Stopped: {1}", w(TemplateRefusal.reason(code: code))), x: inner.x + 1, y: inner.y + 6, style: theme["header.alarm"],
                       maxX: inner.maxX)
        }
        if cancelling {
            let y = inner.maxY - 1
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme["dialog.selected"])
            buffer.put(area.state.words("Stop sending to the {1} not yet sent? y: stop · other key: keep going", p.queued), x: inner.x + 1, y: y,
                       style: theme["dialog.selected"], maxX: inner.maxX)
        }
        return nil
    }

    func label(for binding: ActionBinding) -> String {
        switch (cancelling, binding.action) {
        case (true, .yes): return L("stop sending")
        case (true, .no), (true, .back): return L("keep sending")
        default: return binding.label
        }
    }
}

extension KeyScope {
    static let progress = KeyScope("progress", title: "Announcement progress")
}

extension DialogKind {
    static let announcementProgress = DialogKind(bindings: [
        ActionBinding(.cancelAnnouncement, .progress, "cancel it", "Stop sending to the customers not reached yet", footer: true),
        ActionBinding(.newAnnouncement, .progress, "new announcement", "Compose a new announcement", footer: true),
        ActionBinding(.back, .progress, "close", "Close the dialog (sending goes on)", footer: true),
        ActionBinding(.select, .progress, "close", "Close the dialog (sending goes on)"),
        ActionBinding(.quit, .progress, "close", "Close the dialog (sending goes on)", footer: true),
    ])
}

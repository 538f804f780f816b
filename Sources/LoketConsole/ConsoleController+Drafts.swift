import Foundation
import LoketStore
import TermCore

/// Drafts outlive the console: they are read at start, written in the background every few seconds when
/// they changed, and on quitting; Ctrl-C with a draft asks first.
extension ConsoleController {
    /// Every draft now, the open conversation's composer included (empty ones left out).
    var currentDrafts: [Int64: String] {
        var out: [Int64: String] = [:]
        for (id, buffer) in state.drafts where buffer.count > 0 { out[id] = buffer.string }
        if let id = state.conversation?.id { out[id] = state.composer.count > 0 ? state.composer.string : nil }
        return out
    }

    /// What changed since the last save: new or edited drafts, and "" for drafts gone (sent or cleared).
    var draftChanges: [Int64: String] {
        let now = currentDrafts
        var changes = now.filter { savedDrafts[$0.key] != $0.value }
        for id in savedDrafts.keys where now[id] == nil { changes[id] = "" }
        return changes
    }

    func loadDrafts() async {
        guard let stored = try? await store.drafts(agent: state.me.login) else { return }
        savedDrafts = stored
        for (id, text) in stored { state.drafts[id] = ComposerBuffer(text) }
    }

    /// Writes changed drafts in the background (one write at a time; a busy store just waits its turn).
    func saveDraftsIfChanged() {
        let changes = draftChanges
        guard !changes.isEmpty, !leaving else { return }
        let (store, login) = (self.store, state.me.login)
        draftWrites.request { [weak self] in
            guard let self else { return }
            let token = beginWrite()
            do {
                try await store.saveDrafts(changes, agent: login)
                for (id, text) in changes { savedDrafts[id] = text.isEmpty ? nil : text }
            } catch { report(error) }
            endWrite(token)
        }
    }

    /// On quitting: the drafts, waited for at most half a second (a locked store keeps the last saved ones).
    func saveDraftsBeforeLeaving() async {
        let changes = draftChanges
        guard !changes.isEmpty else { return }
        let (store, login) = (self.store, state.me.login)
        let write = Task { _ = try? await store.saveDrafts(changes, agent: login) }
        _ = await BoundedWait.finishes(write, within: .milliseconds(500))
    }

    /// Ctrl-C: quits at once, unless drafts are open; then it asks (a second Ctrl-C quits).
    func interrupt() {
        let count = currentDrafts.count
        guard count > 0, (topDialog as? ConfirmDialog)?.title != Self.quitTitle else {
            requestQuit()
            return
        }
        push(ConfirmDialog(title: Self.quitTitle, question: count == 1 ? w("1 unsent draft — quit anyway? (kept for next time)")
                                                                 : w("{1} unsent drafts — quit anyway? (kept for next time)", count),
                           yes: L("quit"), no: L("stay"), onYes: { console in console.requestQuit() }))
    }

    static let quitTitle = L("Quit Loket?")
}

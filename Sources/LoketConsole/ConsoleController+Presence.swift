import Foundation
import LoketStore
import LoketDomain

/// Presence: heartbeats (alive, viewing, typing) and leaving. They are written in the background, one at a
/// time, so a store held by another process never stops the console.
extension ConsoleController {
    /// Marks this console alive (every 10 s, or now when what it views or types in changed).
    func heartbeat(force: Bool) {
        guard !leaving, force || clock().timeIntervalSince(lastHeartbeat) >= PresenceTimings.heartbeatEvery else { return }
        lastHeartbeat = clock()
        presenceDirty = false
        heartbeats.request { [weak self] in await self?.writeHeartbeat() }
    }

    /// What the agent views and types in is read when the write starts, so a queued heartbeat is never stale.
    private func writeHeartbeat() async {
        guard !leaving else { return }
        let viewing = state.pane == .conversation || state.composing != nil || !dialogs.isEmpty ? state.conversation?.id : state.selectedID
        let typing: Int64? = typingSince == nil ? nil : state.conversation?.id
        let (store, login, session) = (self.store, state.me.login, self.session)
        let token = beginWrite()
        do { try await store.heartbeat(agent: login, session: session, viewing: viewing, typing: typing) }
        catch { report(error) }
        endWrite(token)
        if reloadHeaderAfterHeartbeat {
            reloadHeaderAfterHeartbeat = false
            completions.append { [weak self] in await self?.reloadHeader() }
            wake()
        }
    }

    func markTyping() {
        if typingSince == nil {
            typingSince = clock()
            heartbeat(force: true)
        } else {
            typingSince = clock()
        }
    }

    func stopTyping() {
        if typingSince != nil { typingSince = nil; heartbeat(force: true) }
    }

    /// Called when the console closes: others see this agent go offline at once. A store held by another
    /// process delays quitting by half a second at most (the presence then times out by itself).
    public func leave() async {
        await saveDraftsBeforeLeaving()
        leaving = true
        let (store, login, session) = (self.store, state.me.login, self.session)
        let write = Task { _ = try? await store.leave(agent: login, session: session) }
        _ = await BoundedWait.finishes(write, within: .milliseconds(500))
    }
}

import Foundation
import LoketDomain
import LoketStore

/// Chats moved to or from this agent by someone else (a supervisor's reassignment, the auto-assigner, a
/// colleague's claim of a chat handed back) are announced on the status line, whichever tab is open.
extension ConsoleController {
    /// Remembers the chats this agent holds now (at start, and after each change). Called after the queue
    /// was reloaded: on the Mine tab its rows are these chats, so the store is not asked twice.
    func rememberMine() async {
        let fetched = state.tab == .mine ? state.rows : try? await store.queue(.mine, for: state.me.login, limit: settings.queueLimit)
        guard let rows = fetched else { return }
        mine = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Compares the chats held now with the last known ones; the agent's own writes are not news.
    func announceMoves() async {
        guard let before = mine else { await rememberMine(); return }
        await rememberMine()
        guard let now = mine else { return }
        let own = ownWrites
        ownWrites.removeAll()
        for (id, c) in now where before[id] == nil && !own.contains(id) {
            say("{1} was moved to you (Mine tab)", Format.name(c.customer))
        }
        for (id, c) in before where now[id] == nil && !own.contains(id) {
            guard let latest = try? await store.conversation(.id(id), for: state.me.login) else { continue }
            switch (latest.state, latest.assignee) {
            case (.resolved, _): continue
            case (_, let who?) where who != state.me.login: say("{1} was moved to {2}", Format.name(c.customer), who)
            case (.waiting, nil): say("{1} was put back in Waiting", Format.name(c.customer))
            default: continue
            }
        }
    }

    /// Marks a conversation as changed by this agent's own key (its move is not announced back to them).
    func noteOwnWrite(_ ref: ConversationRef?) {
        if case .id(let id)? = ref { ownWrites.insert(id) }
    }
}

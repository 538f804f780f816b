import Foundation
import LoketDomain
import LoketStore

/// Chats moved to or from this agent by someone else (a supervisor's reassignment, the auto-assigner, a
/// colleague's claim of a chat handed back) are announced on the status line, whichever tab is open.
extension ConsoleController {
    /// Remembers the chats this agent holds now (at start, and after each change): their ids only, read
    /// through the assignee index, however many they are.
    func rememberMine() async {
        guard let held = try? await store.heldConversations(by: state.me.login) else { return }
        mine = held
    }

    /// Compares the chats held now with the last known ones; the agent's own writes are not news.
    func announceMoves() async {
        guard let before = mine else { await rememberMine(); return }
        await rememberMine()
        guard let now = mine else { return }
        let own = ownWrites
        ownWrites.removeAll()
        for id in now.subtracting(before).subtracting(own) {
            guard let c = try? await store.conversation(.id(id), for: state.me.login) else { continue }
            say("{1} was moved to you (Mine tab)", Format.name(c.customer))
        }
        for id in before.subtracting(now).subtracting(own) {
            guard let latest = try? await store.conversation(.id(id), for: state.me.login) else { continue }
            switch (latest.state, latest.assignee) {
            case (.resolved, _): continue
            case (_, let who?) where who != state.me.login: say("{1} was moved to {2}", Format.name(latest.customer), who)
            case (.waiting, nil): say("{1} was put back in Waiting", Format.name(latest.customer))
            default: continue
            }
        }
    }

    /// Marks a conversation as changed by this agent's own key (its move is not announced back to them).
    func noteOwnWrite(_ ref: ConversationRef?) {
        if case .id(let id)? = ref { ownWrites.insert(id) }
    }
}

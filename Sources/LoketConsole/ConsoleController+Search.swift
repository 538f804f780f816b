import Foundation
import LoketStore
import TermCore

/// Full-text search (`/`): typing the query, moving through the hits with the conversation pane following
/// them, opening one, or going back.
extension ConsoleController {
    func handleSearchInput(_ key: Key) async {
        switch key {
        case .escape: await leaveSearch()
        case .enter:
            do {
                state.searchHits = try await store.search(state.searchQuery.string, limit: 200)
                state.searchSelected = 0
                state.mode = .searchResults
                say("\(state.searchHits.count) result\(state.searchHits.count == 1 ? "" : "s") for \(state.searchQuery.string)")
                await previewSearchHit()
            } catch { report(error) }
        case .backspace: state.searchQuery.backspace()
        case .ctrl("w"): state.searchQuery.deleteWordBackward()
        case .char(let c): state.searchQuery.insert(String(c))
        case .paste(let s): state.searchQuery.insert(s.replacingOccurrences(of: "\n", with: " "))
        default: break
        }
    }

    func handleSearchResults(_ key: Key) async {
        switch key {
        case .escape: await leaveSearch()
        case .char("/"):
            state.mode = .searchInput
            state.searchQuery = ComposerBuffer()
        case .enter:
            guard state.searchHits.indices.contains(state.searchSelected) else { return }
            let hit = state.searchHits[state.searchSelected]
            state.mode = .normal
            state.tab = .all
            state.selectedID = hit.record.message.conversationID
            await reloadQueue()
            state.selectedID = hit.record.message.conversationID
            await loadConversation(resetScroll: true)
            state.pane = .conversation
        default:
            let before = state.searchSelected
            switch keymap.action(for: key) {
            case .moveDown?: state.searchSelected = min(state.searchHits.count - 1, state.searchSelected + 1)
            case .moveUp?: state.searchSelected = max(0, state.searchSelected - 1)
            case .pageDown?: state.searchSelected = min(state.searchHits.count - 1, state.searchSelected + 10)
            case .pageUp?: state.searchSelected = max(0, state.searchSelected - 10)
            case .quit?: requestQuit()
            default: break
            }
            if state.searchSelected != before { await previewSearchHit() }
        }
    }

    /// Esc: back to the conversation the agent had selected before searching.
    func leaveSearch() async {
        state.mode = .normal
        if let back = state.searchReturnID, back != state.selectedID {
            state.selectedID = back
            await loadConversation(resetScroll: true)
        }
    }

    /// The conversation pane follows the selected search hit, so the agent reads the context before opening it.
    func previewSearchHit() async {
        guard state.searchHits.indices.contains(state.searchSelected) else { return }
        let id = state.searchHits[state.searchSelected].record.message.conversationID
        guard id != state.conversation?.id else { return }
        state.selectedID = id
        await loadConversation(resetScroll: true)
    }
}

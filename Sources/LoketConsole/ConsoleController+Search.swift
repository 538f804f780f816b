import Foundation
import LoketStore
import TermCore

/// Full-text search (`/`): typing the query, moving through the hits with the conversation pane following
/// them, opening one, or going back.
extension ConsoleController {
    func handleSearchInput(_ key: Key) async {
        switch dialogAction(key) {
        case .back?: await leaveSearch()
        case .select?:
            do {
                state.searchHits = try await store.search(state.searchQuery.string, limit: 200)
                state.searchSelected = 0
                state.mode = .searchResults
                say("\(state.searchHits.count) result\(state.searchHits.count == 1 ? "" : "s") for \(state.searchQuery.string)")
                await previewSearchHit()
            } catch { report(error) }
        default: edit(&state.searchQuery, key)
        }
    }

    func handleSearchResults(_ key: Key) async {
        switch dialogAction(key) {
        case .back?: await leaveSearch()
        case .search?:
            state.mode = .searchInput
            state.searchQuery = ComposerBuffer()
        case .select?:
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
            if let moved = listSelection(after: key, from: state.searchSelected, count: state.searchHits.count, page: 10) {
                guard moved != state.searchSelected else { return }
                state.searchSelected = moved
                await previewSearchHit()
            } else if dialogAction(key) == .quit {
                requestQuit()
            }
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

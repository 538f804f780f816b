import Foundation
import LoketStore

/// Leaving the terminal for a while: Ctrl-Z to the shell, or the draft in $EDITOR. The controller only
/// records the request; ``ConsoleLoop`` owns the terminal and does it.
extension ConsoleController {
    /// True once after Ctrl-Z.
    public func takeSuspendRequest() -> Bool {
        defer { suspendRequested = false }
        return suspendRequested
    }

    /// The draft to edit, once after the composer's editor key.
    public func takeEditorRequest() -> String? {
        guard editorRequested else { return nil }
        editorRequested = false
        return state.composer.string
    }

    /// The editor's result becomes the draft (one trailing newline dropped, as editors add it); nil keeps it.
    public func takeEditedDraft(_ text: String?) async {
        guard var text else { warn("the editor failed; the draft is unchanged"); return }
        if text.hasSuffix("\n") { text.removeLast() }
        var draft = ComposerBuffer()
        if !draft.insert(text) { say("the draft was cut at the 4096-character limit") }
        state.composer = draft
        if let id = state.conversation?.id { state.drafts[id] = draft }
    }
}

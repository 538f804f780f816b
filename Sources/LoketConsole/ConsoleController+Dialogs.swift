import Foundation
import TermCore

/// The dialog stack: the top dialog reads the keys; opening one from the queue goes through the registry.
extension ConsoleController {
    /// The scope the next key is read in: the top dialog's, the composer's, or the queue's.
    var currentScope: KeyScope { dialogs.last?.scope ?? (state.composing != nil ? .composer : .normal) }

    var topDialog: (any Dialog)? { dialogs.last }

    /// Opens a dialog; the status line of what came before does not carry into it.
    func push(_ dialog: any Dialog) {
        dialogs.append(dialog)
        state.status = nil
    }

    /// Closes `dialog` and any dialog opened above it.
    func close(_ dialog: any Dialog) {
        guard let i = dialogs.firstIndex(where: { $0 === dialog }) else { return }
        dialogs.removeSubrange(i...)
    }

    /// Puts `next` where `dialog` was (a step that becomes another dialog: the composer turns into progress).
    func replace(_ dialog: any Dialog, with next: any Dialog) {
        close(dialog)
        push(next)
    }

    func isOpen(_ dialog: any Dialog) -> Bool { dialogs.contains { $0 === dialog } }

    /// Opens the dialog registered for a normal-mode action; false when no dialog opens with it.
    func openDialog(for action: Action) async -> Bool {
        guard let kind = DialogRegistry.opening[action] else { return false }
        if let dialog = await kind.open(self, action) { push(dialog) }
        return true
    }

    /// The screen between header and footer at the last drawn size: where dialogs are framed.
    var dialogScreen: Rect { Rect(x: 0, y: 1, width: lastScreenSize.width, height: lastScreenSize.height - 2) }

    /// The panes' places at the last drawn size.
    var lastLayout: Layout? { Layout(width: lastScreenSize.width, height: lastScreenSize.height) }
}

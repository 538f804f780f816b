import Foundation
import TermCore
import LoketStore

/// A dialog over the panes (help, search, assign, templates, announcements, confirmations…): it owns its
/// state, reads keys through its scope's bindings and draws itself. The console keeps open dialogs on a
/// stack (``ConsoleController/push(_:)``); the top one gets the keys, all of them are drawn bottom up.
@MainActor
protocol Dialog: AnyObject {
    /// The bindings its keys are read with now (a dialog with steps changes scope as it goes).
    var scope: KeyScope { get }
    /// One key; `action` is what the keymap makes of it in ``scope`` (nil: no binding, e.g. a letter typed
    /// into a field).
    func handle(_ key: Key, action: Action?, in console: ConsoleController) async
    /// Draws the dialog and returns where the terminal cursor goes (a text field), if anywhere. Drawing
    /// never changes state.
    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)?
    /// The footer's label for one of its scope's bindings (a confirmation says what yes does).
    func label(for binding: ActionBinding) -> String
    /// Why an action of its scope is not allowed now (nil: allowed); the footer dims it.
    func disabledReason(_ action: Action) -> String?
    /// The store changed (`changes`) or a second passed (nil): reread what it shows.
    func refresh(in console: ConsoleController, after changes: [Change]?) async
    /// Footer hints beyond its bindings ("any other key close help").
    var extraHints: [FooterBar.Hint] { get }
}

extension Dialog {
    func label(for binding: ActionBinding) -> String { binding.label }
    func disabledReason(_ action: Action) -> String? { nil }
    func refresh(in console: ConsoleController, after changes: [Change]?) async {}
    var extraHints: [FooterBar.Hint] { [] }
}

/// What a dialog draws with: the screen between header and footer, the panes' places, the console's state.
@MainActor
struct DialogArea {
    /// Rows 1…height-2: dialogs are framed inside it.
    let screen: Rect
    let layout: Layout
    let state: ConsoleState
    let keymap: Keymap
    let theme: Theme
    let now: Date
    /// Dates and clock times in the business's zone.
    let calendar: Calendarist
    /// Messages per second the gateway may send (the announcement ETA).
    let throughput: Int
}

/// A kind of dialog and the normal-mode action that opens it: registered once in ``DialogRegistry``. Its
/// bindings join the action table, so keys, footer and help know them.
struct DialogKind: Sendable {
    /// The action that opens it from the queue and conversation (nil: opened by another dialog).
    let opener: [Action]
    /// The bindings of the scopes it adds (empty when it only uses widget scopes).
    let bindings: [ActionBinding]
    /// Builds the dialog for the action pressed, or says why not and returns nil.
    let open: @MainActor @Sendable (ConsoleController, Action) async -> (any Dialog)?

    init(opener: [Action] = [], bindings: [ActionBinding] = [],
         open: @escaping @MainActor @Sendable (ConsoleController, Action) async -> (any Dialog)? = { _, _ in nil }) {
        self.opener = opener
        self.bindings = bindings
        self.open = open
    }
}

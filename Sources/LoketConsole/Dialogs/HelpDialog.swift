import TermCore

/// The help screen as a dialog: j/k and the page keys scroll a help taller than the screen, any other key
/// closes it.
final class HelpDialog: Dialog {
    private(set) var scroll = 0

    var scope: KeyScope { .help }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        let lineCount = HelpScreen.lines(state: console.state, keymap: console.keymap, now: console.clock()).count
        let most = HelpScreen.maxScroll(lineCount: lineCount, screenHeight: console.lastScreenSize.height)
        switch action {
        case .moveDown?: scroll = min(most, scroll + 1)
        case .moveUp?: scroll = max(0, scroll - 1)
        case .pageDown?: scroll = min(most, scroll + 10)
        case .pageUp?: scroll = max(0, scroll - 10)
        default: console.close(self)
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        HelpScreen.draw(&buffer, screen: area.screen, state: area.state, keymap: area.keymap, theme: area.theme, now: area.now, scroll: scroll)
        return nil
    }

    var extraHints: [FooterBar.Hint] { [FooterBar.Hint(key: L("any other key"), label: L("close help"), disabled: false)] }
}

extension KeyScope {
    static let help = KeyScope("help", title: "Help")
}

extension DialogKind {
    static let help = DialogKind(opener: [.help], bindings: [
        ActionBinding(.moveDown, .help, "scroll", "Scroll down", footer: true),
        ActionBinding(.moveUp, .help, "scroll", "Scroll up", footer: true),
        ActionBinding(.pageDown, .help, "page down", "Scroll a page down"),
        ActionBinding(.pageUp, .help, "page up", "Scroll a page up"),
    ]) { _, _ in HelpDialog() }
}

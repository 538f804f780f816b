import CNcurses
import Foundation
public import TermCore

/// The real terminal: ncursesw with the wide-character API, 256/16/8 colours (never `init_color`),
/// colour pairs cached by (fg, bg), `NO_COLOR` honoured, and the terminal restored on every way out.
@MainActor
public final class CursesTerminal: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var colors: Int
    private var previous: ScreenBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1
    private let watcher = InputWatcher()
    private var ended = false

    struct PairKey: Hashable { let fg: Int; let bg: Int }

    /// Starts ncurses on the controlling terminal. `noColor` keeps the terminal's colours (attributes still
    /// apply), as `NO_COLOR` asks.
    public init(noColor: Bool) {
        // The console speaks UTF-8 whatever the locale: when the user's (id_ID.UTF-8 on a fresh server) is not
        // installed, or is not UTF-8, characters are read and measured as C.UTF-8 does.
        if setlocale(LC_ALL, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
        TerminalGuard.save()
        initscr()
        TerminalGuard.captureResetSequence()
        raw()
        noecho()
        nonl()
        keypad(loket_stdscr(), true)
        nodelay(loket_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var palette = 0
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            palette = Int(loket_colors())
        }
        colors = palette >= 256 ? 256 : palette >= 16 ? 16 : palette >= 8 ? 8 : 0
        size = (Int(loket_cols()), Int(loket_lines()))
        TerminalGuard.install(wake: watcher.wakeWrite)
        atexit { if TerminalGuard.restored == 0 { TerminalGuard.restoreRaw() } }
        // Bracketed paste: a pasted block arrives as one event, so its newlines never send anything.
        Self.writeRaw("\u{1B}[?2004h")
    }

    static func writeRaw(_ s: String) {
        let bytes = Array(s.utf8)
        bytes.withUnsafeBufferPointer { b in _ = write(STDOUT_FILENO, b.baseAddress, b.count) }
    }

    /// Calls `ready` (on another thread) whenever a key, a resize or a stop signal is waiting.
    public func watchInput(_ ready: @escaping @Sendable () -> Void) { watcher.start(ready: ready) }

    /// Call after draining keys, so the watcher may poll again.
    public func inputConsumed() { watcher.inputConsumed() }

    /// Restores the terminal (cooked mode, main screen, visible cursor).
    public func end() {
        guard !ended else { return }
        ended = true
        watcher.stop()
        // Resized since the last frame: leave from the alternate screen at the terminal's size.
        if sizeChanged { refreshSize() }
        curs_set(1)
        endwin()
        Self.writeRaw("\u{1B}[?2004l")
        TerminalGuard.restored = 1
    }

    /// endwin, then (with `stop`) SIGTSTP with its default action: the shell gets the terminal until `fg`.
    public func suspend(stop: Bool) {
        Self.writeRaw("\u{1B}[?2004l")
        endwin()
        guard stop else { return }
        var dfl = sigaction(), old = sigaction()
        dfl.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&dfl.sa_mask)
        sigaction(SIGTSTP, &dfl, &old)
        // This may run on a pool thread that blocks SIGTSTP: unblock it here, so the stop happens before
        // raise returns (and the console goes on only after `fg`).
        var only = sigset_t(), previous = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &only, &previous)
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        sigaction(SIGTSTP, &old, nil)
    }

    /// Back from the shell or a program: raw mode again and a full redraw at the (maybe new) size.
    public func resume() {
        Self.writeRaw("\u{1B}[?2004h")
        readSize()
        refresh()
    }

    /// The terminal's size differs from the one ncurses draws for.
    public var sizeChanged: Bool {
        guard let now = Self.windowSize() else { return false }
        return now.width != size.width || now.height != size.height
    }

    static func windowSize() -> (width: Int, height: Int)? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return (Int(ws.ws_col), Int(ws.ws_row))
    }

    /// Picks up a new size after SIGWINCH.
    public func refreshSize() {
        readSize()
        // Leave and re-enter the alternate screen at the new size, then drop the old height's scrolling
        // region: a terminal (tmux) resized while on the alternate screen otherwise restores the shell's
        // screen with fragments of the console on quit, and the lines before it gone.
        Self.writeRaw(TerminalGuard.alternateScreenCycle + "\u{1B}[r")
    }

    /// The terminal's size now, for ncurses and the next (full) frame.
    private func readSize() {
        if let now = Self.windowSize() { resize_term(Int32(now.height), Int32(now.width)) }
        size = (Int(loket_cols()), Int(loket_lines()))
        previous = nil
        clearok(loket_stdscr(), true)
    }

    private func pair(for style: Style) -> Int16 {
        guard colors > 0 else { return 0 }
        let fg = style.fg.index(forPalette: colors) ?? -1
        let bg = style.bg.index(forPalette: colors) ?? -1
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        guard Int(nextPair) < Int(loket_color_pairs()) - 1, nextPair < Int16.max else { return 0 }
        init_pair(nextPair, Int16(fg), Int16(bg))
        pairs[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    private func attributes(for style: Style, pair: Int16) -> UInt32 {
        var a: UInt32 = 0
        var attrs = style.attrs
        // Out of pairs, or no colours: a highlighted background becomes reverse video.
        if pair == 0 && style.bg != .default { attrs.insert(.reverse) }
        if attrs.contains(.bold) { a |= loket_a_bold() }
        if attrs.contains(.dim) { a |= loket_a_dim() }
        if attrs.contains(.italic) { a |= loket_a_italic() }
        if attrs.contains(.underline) { a |= loket_a_underline() }
        if attrs.contains(.reverse) { a |= loket_a_reverse() }
        return a
    }

    public func present(_ frame: ScreenBuffer) {
        if previous == nil || previous!.width != frame.width || previous!.height != frame.height { erase() }
        FrameDiff.forEachWrite(from: previous, to: frame) { x, y, cell in
            let p = pair(for: cell.style)
            let attrs = attributes(for: cell.style, pair: p)
            let scalars = (cell.text.isEmpty ? " " : cell.text).unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            scalars.withUnsafeBufferPointer { buf in
                _ = loket_put(Int32(y), Int32(x), buf.baseAddress, Int32(buf.count), attrs, Int32(p))
            }
        }
        if let c = frame.cursor {
            move(Int32(c.y), Int32(c.x))
            curs_set(1)
        } else {
            curs_set(0)
        }
        refresh()
        previous = frame
    }

    public func readKey() -> Key? {
        var ch: wint_t = 0
        let r = loket_get_wch(&ch)
        if r == loket_err() { return nil }
        if r == loket_key_code_yes() { return Self.functionKey(Int32(ch)) }
        return decode(ch)
    }

    private func decode(_ ch: wint_t) -> Key? {
        switch ch {
        case 27:
            var next: wint_t = 0
            let r = loket_get_wch(&next)
            if r == loket_err() { return .escape }
            if r != loket_key_code_yes() && next == 91, let paste = readBracketedPaste() { return paste }
            if r == loket_key_code_yes() { return Self.functionKey(Int32(next)).map { .alt($0) } }
            return decode(next).map { .alt($0) }
        case 13, 10: return .enter
        case 9: return .tab
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(UnicodeScalar(UInt8(ch) + 96)))
        default:
            guard let s = UnicodeScalar(UInt32(ch)) else { return nil }
            return .char(Character(s))
        }
    }

    /// After ESC [: a bracketed paste (`200~` … ESC [201~) becomes one `.paste`; anything else is Alt-[.
    private func readBracketedPaste() -> Key? {
        wtimeout(loket_stdscr(), 50)
        defer { nodelay(loket_stdscr(), true) }
        var head: [UInt32] = []
        for _ in 0..<4 {
            var c: wint_t = 0
            guard loket_get_wch(&c) != loket_err() else { break }
            head.append(UInt32(c))
        }
        guard head == [50, 48, 48, 126] else { return .alt(.char("[")) }  // "200~"
        var text: [UInt32] = []
        let end: [UInt32] = [27, 91, 50, 48, 49, 126]                      // ESC [201~
        while true {
            var c: wint_t = 0
            wtimeout(loket_stdscr(), 500)
            guard loket_get_wch(&c) != loket_err() else { break }
            text.append(UInt32(c))
            if text.count >= end.count && Array(text.suffix(end.count)) == end { text.removeLast(end.count); break }
        }
        var s = ""
        for v in text {
            guard let scalar = UnicodeScalar(v) else { continue }
            s.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
        }
        return .paste(s)
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}

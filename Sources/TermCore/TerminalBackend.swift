/// What the console needs from a terminal: its size, a way to show a frame, and its keys.
/// `CursesTerminal` (TermCurses) is the real one; ``InMemoryTerminal`` serves tests and benchmarks.
@MainActor
public protocol TerminalBackend: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    /// How many colours the terminal shows (0 when colours are off, e.g. `NO_COLOR`).
    var colors: Int { get }
    /// Shows `frame`, writing only the cells that differ from the previous frame.
    func present(_ frame: ScreenBuffer)
    /// The next key if one is waiting (never blocks).
    func readKey() -> Key?
    /// Gives the terminal back to the shell (Ctrl-Z, or an external program when `stop` is false); with
    /// `stop`, the process stops until `fg`.
    func suspend(stop: Bool)
    /// Takes the terminal again after ``suspend(stop:)``; the next frame is drawn in full.
    func resume()
}

extension TerminalBackend {
    public func suspend(stop: Bool) {}
    public func resume() {}
}

/// A terminal that lives in memory: frames are kept for inspection, keys are queued by the test, and
/// ``screen`` shows what a real terminal would after receiving only the cells ``FrameDiff`` sends.
@MainActor
public final class InMemoryTerminal: TerminalBackend {
    public var size: (width: Int, height: Int)
    public var colors: Int
    public private(set) var frame: ScreenBuffer
    /// What the terminal shows: built from the cells sent, so a stale cell left by a frame shows here.
    public private(set) var screen: EmulatedScreen
    /// Cells written by the last `present` (how much a frame redrew).
    public private(set) var lastChangedCells = 0
    public private(set) var framesPresented = 0
    /// Keeps ``screen`` (tests); without it a frame costs what a real backend's work does: the diff.
    let emulating: Bool
    private var keys: [Key] = []

    public init(width: Int, height: Int, colors: Int = 256, emulating: Bool = true) {
        size = (width, height)
        self.colors = colors
        self.emulating = emulating
        frame = ScreenBuffer(width: width, height: height)
        screen = EmulatedScreen(width: width, height: height)
    }

    public func present(_ next: ScreenBuffer) {
        let resized = next.width != frame.width || next.height != frame.height
        if resized && emulating { screen = EmulatedScreen(width: next.width, height: next.height) }
        var written = 0
        FrameDiff.forEachWrite(from: framesPresented == 0 || resized ? nil : frame, to: next) { x, y, cell in
            written += 1
            if emulating { screen.write(cell.text, x: x, y: y) }
        }
        lastChangedCells = written
        frame = next
        framesPresented += 1
    }

    public func readKey() -> Key? { keys.isEmpty ? nil : keys.removeFirst() }

    public func type(_ keys: Key...) { self.keys += keys }

    public func resize(width: Int, height: Int) {
        size = (width, height)
        keys.append(.resize)
    }

    /// The screen as text, rows joined by newlines, trailing spaces trimmed.
    public var text: String { frame.text }

    /// What the terminal shows as text (``screen``): differs from ``text`` where a frame left a stale cell
    /// or the terminal gives a glyph another width (❤️ drawn one column, then a blank).
    public var displayedText: String { screen.text }
}

/// One cell of the screen: a grapheme and its style. A two-column grapheme occupies its cell and marks
/// the next one as its continuation (empty text, never sent to the terminal: ``FrameDiff``).
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    public var isContinuation: Bool
    public init(text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text; self.style = style; self.isContinuation = isContinuation
    }
    public static let blank = Cell()
    /// The printable ASCII characters (0x20–0x7E) as ready-made strings.
    static let ascii: [String] = (0x20..<0x7F).map { String(UnicodeScalar(UInt8($0))) }
}

/// A width-aware grid of cells: what a frame looks like, independent of any terminal.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (nil: hidden).
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let r = rect.clipped(to: Rect(x: 0, y: 0, width: width, height: height))
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { self[x, y] = Cell(text: " ", style: style) } }
    }

    /// Writes `text` from (x, y), never past `maxX` (default: the right edge); a wide grapheme that would
    /// straddle the limit is replaced by a space. Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var col = x
        if DisplayWidth.isPrintableASCII(text) {
            // One cell per byte: no grapheme clustering, no width lookups.
            for byte in text.utf8 {
                if col >= limit { return limit }
                if col >= 0 {
                    clearWide(at: col, y: y)
                    self[col, y] = Cell(text: Cell.ascii[Int(byte) - 0x20], style: style)
                }
                col += 1
            }
            return col
        }
        for ch in DisplayWidth.sanitized(text) {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                // A lone zero-width character joins the previous grapheme (the head of a wide one).
                var head = col - 1
                if head > 0, head < width, self[head, y].isContinuation { head -= 1 }
                if col > x, head < width, head >= 0 { self[head, y].text.append(ch) }
                continue
            }
            if col + w > limit {
                if col < limit && col >= 0 { self[col, y] = Cell(text: " ", style: style) }
                return limit
            }
            if col < 0 && col + w > 0 {
                // A wide character cut by the left edge: its visible half is a blank.
                clearWide(at: 0, y: y)
                self[0, y] = Cell(text: " ", style: style)
            }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(text: String(ch), style: style)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    self[col + 1, y] = Cell(text: "", style: style, isContinuation: true)
                }
            }
            col += w
        }
        return col
    }

    /// Writes one single-column glyph `count` times from (x, y) (borders, rules): no width lookups. The
    /// caller gives a one-column, non-combining glyph such as "─".
    public mutating func repeatGlyph(_ glyph: String, count: Int, x: Int, y: Int, style: Style) {
        guard y >= 0, y < height else { return }
        let from = max(0, x), to = min(width, x + count)
        guard from < to else { return }
        clearWide(at: from, y: y)
        clearWide(at: to - 1, y: y)
        let cell = Cell(text: glyph, style: style)
        for col in from..<to { self[col, y] = cell }
    }

    /// Overwriting half of a wide character blanks its other half, so no half glyph is left behind.
    private mutating func clearWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let cell = self[x, y]
        if cell.isContinuation, x > 0 { self[x - 1, y] = Cell(text: " ", style: self[x - 1, y].style) }
        else if x + 1 < width, self[x + 1, y].isContinuation { self[x + 1, y] = Cell(text: " ", style: self[x + 1, y].style) }
    }

    /// Applies `style` to every cell of a row segment (for selection highlights).
    public mutating func restyle(y: Int, from x0: Int, to x1: Int, _ transform: (Style) -> Style) {
        guard y >= 0, y < height else { return }
        for x in max(0, x0)..<min(width, x1) { self[x, y].style = transform(self[x, y].style) }
    }

    /// The text of row `y` with trailing spaces trimmed (continuation cells add nothing).
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// Every row as text: what a snapshot compares.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func clipped(to r: Rect) -> Rect {
        let nx = max(x, r.x), ny = max(y, r.y)
        return Rect(x: nx, y: ny, width: max(0, min(maxX, r.maxX) - nx), height: max(0, min(maxY, r.maxY) - ny))
    }
    /// The inside of a box drawn on this rectangle's edge.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }
}

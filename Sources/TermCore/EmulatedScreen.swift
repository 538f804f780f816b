/// What a terminal shows after receiving the cells a backend sent (``FrameDiff``), for tests: each glyph
/// takes the columns the terminal gives its first character, as `wcwidth` and ncurses do, so a grapheme
/// the console measures another way leaves on screen exactly what a real terminal would leave.
public struct EmulatedScreen: Sendable {
    public let width: Int
    public let height: Int
    /// The glyph drawn at each cell; nil for the right half of a two-column glyph.
    private var glyphs: [String?]

    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        glyphs = Array(repeating: " ", count: self.width * self.height)
    }

    /// Draws `text` at (x, y) as a terminal would: a two-column glyph covers the next cell, and a glyph
    /// drawn over half of a wide one blanks its other half.
    public mutating func write(_ text: String, x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let glyph = text.isEmpty ? " " : text
        let columns = glyph.unicodeScalars.first.map { DisplayWidth.of($0) == 2 ? 2 : 1 } ?? 1
        let row = y * width
        if glyphs[row + x] == nil, x > 0 { glyphs[row + x - 1] = " " }
        if columns == 2 && x + 1 < width {
            if x + 2 < width, glyphs[row + x + 2] == nil { glyphs[row + x + 2] = " " }
            glyphs[row + x] = glyph
            glyphs[row + x + 1] = nil
        } else {
            if x + 1 < width, glyphs[row + x + 1] == nil { glyphs[row + x + 1] = " " }
            glyphs[row + x] = columns == 2 ? " " : glyph
        }
    }

    /// Row `y` as text, trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { if let g = glyphs[y * width + x] { s += g } }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// Every row as text.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }
}

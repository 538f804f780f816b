/// How many terminal columns a grapheme cluster takes, from our own table rather than libc's `wcwidth`
/// (which differs between systems and lags behind Unicode), by the Unicode rules: East Asian wide and
/// fullwidth characters and emoji presentation take two columns; combining marks and format characters
/// none; a ZWJ, VS16 or skin tone widens only an emoji sequence (``EmojiSequence``).
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        // Most text is ASCII: no table lookups for it.
        if let a = ch.asciiValue { return a >= 0x20 && a < 0x7F ? 1 : 0 }
        let scalars = ch.unicodeScalars
        var i = scalars.startIndex
        // A grapheme may open with zero-width scalars (a prepended format character): its base follows.
        while i != scalars.endIndex, of(scalars[i]) == 0 { scalars.formIndex(after: &i) }
        guard i != scalars.endIndex else { return 0 }
        let base = of(scalars[i])
        if base == 2 { return 2 }
        return EmojiSequence.isWide(scalars[i...]) ? 2 : base
    }

    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        // Ranges drawn all the time (Latin letters with accents, box drawing and blocks, dashes, "…", "·")
        // are one column: no property lookups for them.
        if (0xA0...0x2FF).contains(v) && v != 0xAD || (0x2500...0x259F).contains(v) || (0x2010...0x2027).contains(v) { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        if isWide(v) || s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges; emoji come from `isEmojiPresentation` instead, so pictographs
    /// with text presentation (🌡 U+1F321, 🕯 U+1F56F) take one column as they do in terminals.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The columns a string takes.
    public static func of(_ s: some StringProtocol) -> Int {
        if isPrintableASCII(s) { return s.utf8.count }
        return s.reduce(0) { $0 + of($1) }
    }

    /// True when every byte is printable ASCII: one column per byte, no grapheme clustering needed
    /// (the common case for Indonesian and English text, and most of what the console draws).
    @inlinable
    public static func isPrintableASCII(_ s: some StringProtocol) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The longest prefix of `s` that fits in `columns`, and its width.
    public static func prefix(_ s: String, fitting columns: Int) -> (String, Int) {
        if isPrintableASCII(s) {
            let n = max(0, min(columns, s.utf8.count))
            return (String(s.utf8.prefix(n))!, n)
        }
        var w = 0
        var end = s.startIndex
        for i in s.indices {
            let cw = of(s[i])
            if w + cw > columns { break }
            w += cw
            end = s.index(after: i)
        }
        return (String(s[..<end]), w)
    }

    /// `s` cut to `columns` with `…` when it does not fit, or padded with spaces to exactly `columns`.
    public static func fit(_ s: String, _ columns: Int, pad: Bool = true) -> String {
        guard columns > 0 else { return "" }
        if isPrintableASCII(s) {
            let n = s.utf8.count
            if n <= columns { return pad ? s + String(repeating: " ", count: columns - n) : s }
            return String(s.utf8.prefix(columns - 1))! + "…"
        }
        // One pass that stops at the first grapheme past the width (a long preview is never measured whole):
        // where the text would be cut to end in "…", and whether anything follows.
        var w = 0, cutWidth = 0
        var cut = s.startIndex
        var i = s.startIndex
        while i != s.endIndex {
            let cw = of(s[i])
            if w + cw > columns {
                return String(s[..<cut]) + "…" + (pad ? String(repeating: " ", count: columns - 1 - cutWidth) : "")
            }
            w += cw
            i = s.index(after: i)
            if w <= columns - 1 { cut = i; cutWidth = w }
        }
        return pad ? s + String(repeating: " ", count: columns - w) : s
    }
}

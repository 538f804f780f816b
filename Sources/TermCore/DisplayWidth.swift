/// How many terminal columns a grapheme cluster takes, from our own table rather than libc's `wcwidth`
/// (which differs between systems and lags behind Unicode): emoji presentation, ZWJ sequences, flags and
/// East Asian wide/fullwidth characters take two columns; combining marks and zero-width characters none.
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        // Most text is ASCII: no table lookups for it.
        if let a = ch.asciiValue { return a >= 0x20 && a < 0x7F ? 1 : 0 }
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count > 1 {
            // Emoji sequences (ZWJ, VS16, skin tones, keycaps, flags) are drawn two columns wide.
            if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
            if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        }
        return of(first)
    }

    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        if isWide(v) || s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
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

    /// Text that is safe to draw: control characters (escape sequences from a customer's message, tabs,
    /// newlines) become visible spaces or are dropped, so nothing a customer writes can drive the terminal.
    public static func sanitized(_ s: some StringProtocol) -> String {
        if !hasControlCharacters(s, allowingNewlines: false) { return String(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            if let a = ch.asciiValue, a >= 0x20, a < 0x7F { out.append(ch); continue }
            guard let f = ch.unicodeScalars.first else { continue }
            if f.value == 0x09 || f.value == 0x0A || f.value == 0x0D { out.append(" "); continue }
            if f.value < 0x20 || (0x7F..<0xA0).contains(f.value) || f.value == 0x2028 || f.value == 0x2029 { continue }
            out.append(ch)
        }
        return out
    }

    /// Whether `sanitized` would change anything: C0 controls and DEL, C1 controls (UTF-8 `C2 80`–`C2 9F`),
    /// and the line and paragraph separators (`E2 80 A8`, `E2 80 A9`). A byte scan, no grapheme breaking.
    static func hasControlCharacters(_ s: some StringProtocol, allowingNewlines: Bool) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 && !(allowingNewlines && b == 0x0A) { return true }
            if b == 0x7F { return true }
            if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
            beforePrevious = previous; previous = b
        }
        return false
    }

    /// Like ``sanitized(_:)`` but keeps newlines (for wrapping multi-line messages); tabs become spaces.
    public static func sanitizedKeepingNewlines(_ s: some StringProtocol) -> String {
        if !hasControlCharacters(s, allowingNewlines: true) { return String(s) }
        return s.split(separator: "\n", omittingEmptySubsequences: false).map { sanitized($0) }.joined(separator: "\n")
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
        let w = of(s)
        if w <= columns { return pad ? s + String(repeating: " ", count: columns - w) : s }
        let (head, hw) = prefix(s, fitting: columns - 1)
        return head + "…" + (pad ? String(repeating: " ", count: columns - 1 - hw) : "")
    }
}

/// Text that is safe to draw: nothing a customer (or a store row) writes can drive the terminal or
/// make it disagree with our widths.
extension DisplayWidth {
    /// Control characters (escape sequences, tabs, newlines) become spaces or are dropped, and format
    /// characters (ZWJ, ZWNJ, LRM/RLM, BiDi embeddings, overrides and isolates, soft hyphen, BOM, …) are
    /// dropped unless they are part of an emoji sequence (👨‍👩‍👧, 🏴󠁧󠁢󠁥󠁮󠁧󠁿).
    public static func sanitized(_ s: some StringProtocol) -> String {
        if !hasControlCharacters(s, allowingNewlines: false) { return String(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            if let a = ch.asciiValue, a >= 0x20, a < 0x7F { out.append(ch); continue }
            let scalars = ch.unicodeScalars
            guard let f = scalars.first else { continue }
            if f.value == 0x09 || f.value == 0x0A || f.value == 0x0D { out.append(" "); continue }
            if f.value < 0x20 || (0x7F..<0xA0).contains(f.value) || f.value == 0x2028 || f.value == 0x2029 { continue }
            guard scalars.contains(where: { $0.properties.generalCategory == .format }) else { out.append(ch); continue }
            let all = Array(scalars)
            for (i, u) in all.enumerated() where u.properties.generalCategory != .format || EmojiSequence.keepsFormat(at: i, in: all) {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Like ``sanitized(_:)`` but keeps newlines (for wrapping multi-line messages); tabs become spaces.
    public static func sanitizedKeepingNewlines(_ s: some StringProtocol) -> String {
        if !hasControlCharacters(s, allowingNewlines: true) { return String(s) }
        return s.split(separator: "\n", omittingEmptySubsequences: false).map { sanitized($0) }.joined(separator: "\n")
    }

    /// Whether `sanitized` may change anything: a byte scan, no grapheme breaking, so clean text (ASCII,
    /// CJK, most emoji) is returned as it is. Catches C0 controls and DEL, C1 controls, the line and
    /// paragraph separators and every format character (general category Cf) by its UTF-8 bytes.
    static func hasControlCharacters(_ s: some StringProtocol, allowingNewlines: Bool) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ scan($0, allowingNewlines: allowingNewlines) }) { return found }
        return scan(s.utf8, allowingNewlines: allowingNewlines)
    }

    @inline(__always)
    private static func scan(_ bytes: some Sequence<UInt8>, allowingNewlines: Bool) -> Bool {
        var window: UInt32 = 0  // the current character's bytes so far, the newest lowest
        var watched = false     // its lead byte starts some control or format character
        for b in bytes {
            if b < 0x80 {
                if b < 0x20 ? !(allowingNewlines && b == 0x0A) : b == 0x7F { return true }
            } else if b >= 0xC0 {
                window = UInt32(b)
                switch b {
                case 0xC2, 0xD8, 0xDB, 0xDC, 0xE0, 0xE1, 0xE2, 0xEF, 0xF0, 0xF3: watched = true
                default: watched = false  // CJK (E3–E9), most letters: nothing to look at
                }
            } else if watched {
                window = window << 8 | UInt32(b)
                if endsControlOrFormat(window) { return true }
            }
        }
        return false
    }

    /// Whether the UTF-8 bytes of one character read so far (`w`, the newest in the low byte) are a whole
    /// C1 control, U+2028/U+2029 or Cf character.
    @inline(__always)
    private static func endsControlOrFormat(_ w: UInt32) -> Bool {
        switch w & 0xFFFF {
        case 0xC280...0xC29F,                   // C1 controls
             0xC2AD,                            // soft hyphen
             0xD880...0xD885, 0xD89C,           // Arabic number signs U+0600–0605, letter mark U+061C
             0xDB9D, 0xDC8F:                    // U+06DD, U+070F
            return true
        default: break
        }
        switch w & 0xFF_FFFF {
        case 0xE0A290...0xE0A291, 0xE0A3A2,     // U+0890–0891, U+08E2
             0xE1A08E,                          // Mongolian vowel separator
             0xE2808B...0xE2808F,               // ZWSP, ZWNJ, ZWJ, LRM, RLM
             0xE280A8...0xE280AE,               // line/paragraph separators, BiDi embeddings and overrides
             0xE281A0...0xE281AF,               // word joiner, invisible operators, BiDi isolates, U+206A–206F
             0xEFBBBF,                          // BOM / zero-width no-break space
             0xEFBFB9...0xEFBFBB:               // interlinear annotations
            return true
        default: break
        }
        switch w {
        case 0xF09182BD, 0xF091838D,            // U+110BD, U+110CD
             0xF09390B0...0xF09390BF,           // Egyptian hieroglyph format controls
             0xF09BB2A0...0xF09BB2A3,           // shorthand format controls
             0xF09D85B3...0xF09D85BA,           // musical symbol format controls
             0xF3A08081, 0xF3A080A0...0xF3A081BF: // language tag, tags
            return true
        default:
            return false
        }
    }
}

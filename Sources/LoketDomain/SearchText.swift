import Foundation

/// Turns message text into what the full-text index stores, and a user's search into an index query.
///
/// SQLite's `unicode61` tokenizer finds whole words in Latin-script text but treats a run of Chinese or
/// Japanese characters as one token. Spacing each CJK character apart makes every character a token, so a
/// CJK search becomes a phrase of adjacent characters: a substring match of any length, from one index.
public enum SearchText {
    /// True for scalars of scripts written without spaces between words (Han, kana, Hangul, CJK punctuation).
    public static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, // hiragana, katakana
             0x3400...0x4DBF, // CJK extension A
             0x4E00...0x9FFF, // CJK unified ideographs
             0xAC00...0xD7AF, // Hangul syllables
             0xF900...0xFAFF, // compatibility ideographs
             0x20000...0x2FA1F: // extensions B–F and compatibility supplement
            return true
        default:
            return false
        }
    }

    /// The text to index for a message body.
    public static func indexable(_ body: String) -> String {
        // The lowest CJK scalar, U+3040, is encoded from lead byte 0xE3: text without such bytes is indexed as is.
        if !body.utf8.contains(where: { $0 >= 0xE3 }) { return body }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(body.unicodeScalars.count)
        for s in body.unicodeScalars {
            if isCJK(s) {
                out.append(" "); out.append(s); out.append(" ")
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// An FTS5 query that matches every term of `query` (words; CJK runs as adjacent-character phrases),
    /// or nil when the query has nothing searchable. Terms are quoted, so FTS5 syntax in the input is inert.
    public static func ftsQuery(_ query: String) -> String? {
        var terms: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { terms.append(current); current = "" }
        }
        var cjkRun = false
        for s in query.unicodeScalars {
            if isCJK(s) {
                if !cjkRun { flush(); cjkRun = true }
                if !current.isEmpty { current.append(" ") }
                current.unicodeScalars.append(s)
            } else if s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.isDiacritic
                        || s.properties.generalCategory == .nonspacingMark {
                if cjkRun { flush(); cjkRun = false }
                current.unicodeScalars.append(s)
            } else {
                flush(); cjkRun = false
            }
        }
        flush()
        guard !terms.isEmpty else { return nil }
        // Latin words match as prefixes (`kartu` finds `kartunya`, `0812` finds `08123456789`); a CJK phrase is
        // already a substring match.
        return terms.map { term in
            let quoted = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return term.unicodeScalars.contains(where: isCJK) ? quoted : quoted + "*"
        }.joined(separator: " ")
    }

    /// The digits to look for in customers' numbers when `query` is written like a phone number (`0812`,
    /// `6281234567890`, `+62 812-3456-7890`), or nil. A national number's trunk `0` is dropped, so the
    /// local form finds the international one.
    public static func numberDigits(_ query: String) -> String? {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ "0123456789+-() .".unicodeScalars.contains($0) }) else { return nil }
        var digits = trimmed.filter(\.isNumber)
        guard digits.count >= 4 else { return nil }
        if !trimmed.hasPrefix("+") && digits.hasPrefix("0") && !digits.hasPrefix("00") { digits.removeFirst() }
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        return digits
    }
}

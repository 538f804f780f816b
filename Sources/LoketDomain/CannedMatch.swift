import Foundation

/// How well a canned reply matches what the agent typed after `/` (docs/SPEC.md §10): shortcut prefix
/// first, then a shortcut containing it, then a word of the text starting with it, then the shortcut's
/// letters in order (fuzzy: `krtl` finds `kartu-tertelan`), then anywhere in the text. Case and accents
/// do not matter. Both sides are folded once (``folded(_:)``) so a keystroke over 500 replies is cheap.
public enum CannedMatch: Int, Comparable, Sendable {
    case shortcutPrefix, shortcutContains, textWordPrefix, shortcutFuzzy, textContains

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Lower case without accents: what matching compares.
    public static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// How `query` (folded) matches a reply's folded shortcut and text; nil when it does not. An empty
    /// query matches every reply as a prefix.
    public static func rank(_ query: String, shortcut: String, text: String) -> CannedMatch? {
        if query.isEmpty || shortcut.hasPrefix(query) { return .shortcutPrefix }
        if shortcut.contains(query) { return .shortcutContains }
        if let r = text.range(of: query) {
            if r.lowerBound == text.startIndex || !text[text.index(before: r.lowerBound)].isLetter { return .textWordPrefix }
            // A later occurrence may start a word.
            var from = r.upperBound
            while let next = text.range(of: query, range: from..<text.endIndex) {
                if !text[text.index(before: next.lowerBound)].isLetter { return .textWordPrefix }
                from = next.upperBound
            }
            return isSubsequence(query, of: shortcut) ? .shortcutFuzzy : .textContains
        }
        return isSubsequence(query, of: shortcut) ? .shortcutFuzzy : nil
    }

    static func isSubsequence(_ q: String, of s: String) -> Bool {
        var it = s.makeIterator()
        outer: for c in q {
            while let x = it.next() { if x == c { continue outer } }
            return false
        }
        return true
    }
}

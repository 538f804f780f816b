/// Emoji sequences (UTS #51): the only graphemes a VS16, a skin tone, a keycap mark or a ZWJ makes two
/// columns wide, and the only ones in which the sanitiser keeps format characters (ZWJ, tags).
enum EmojiSequence {
    static let zwj: UInt32 = 0x200D, vs16: UInt32 = 0xFE0F, keycap: UInt32 = 0x20E3

    /// A scalar with the Emoji property other than the ASCII digits, `#` and `*` (emoji only as keycaps).
    static func isEmoji(_ s: Unicode.Scalar) -> Bool { s.value >= 0x80 && s.properties.isEmoji }

    /// Whether `scalars`, from the grapheme's base on, are one emoji: a keycap (1️⃣), an emoji with VS16 (❤️)
    /// or a skin tone (☝🏽), or emoji joined by ZWJ (❤‍🔥). A VS16 or ZWJ after a letter or digit widens nothing.
    static func isWide<C: BidirectionalCollection>(_ scalars: C) -> Bool where C.Element == Unicode.Scalar {
        guard let base = scalars.first else { return false }
        var i = scalars.index(after: scalars.startIndex)
        guard i != scalars.endIndex else { return false }
        let next = scalars[i]
        if (0x30...0x39).contains(base.value) || base == "#" || base == "*" {
            scalars.formIndex(after: &i)
            return next.value == vs16 && i != scalars.endIndex && scalars[i].value == keycap
        }
        guard isEmoji(base) else { return false }
        if next.value == vs16 || next.properties.isEmojiModifier { return true }
        return zip(scalars, scalars.dropFirst()).contains { $0.value == zwj && isEmoji($1) }
    }

    /// Whether the format character at `i` belongs to an emoji sequence: a ZWJ between two emoji (the one
    /// before may carry VS16), or a tag (U+E0020–E007F) in a flag like 🏴󠁧󠁢󠁥󠁮󠁧󠁿.
    static func keepsFormat(at i: Int, in scalars: [Unicode.Scalar]) -> Bool {
        let v = scalars[i].value
        if (0xE0020...0xE007F).contains(v) { return scalars.first.map(isEmoji) ?? false }
        guard v == zwj, i > 0, i + 1 < scalars.count, isEmoji(scalars[i + 1]) else { return false }
        var j = i - 1
        while j > 0, scalars[j].value == vs16 { j -= 1 }
        return isEmoji(scalars[j])
    }
}

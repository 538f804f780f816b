public import Foundation

/// An agent's reaction on a message (docs/SPEC.md §9): one emoji, or nothing to take the reaction back.
public enum ReactionEmoji {
    /// The console's picker, in order.
    public static let picker = ["👍", "❤️", "😂", "😮", "😢", "🙏"]

    /// One emoji (a single grapheme that is an emoji), or "" for removing the reaction.
    public static func validate(_ text: String) throws(InputError) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return "" }
        guard t.count == 1, let first = t.unicodeScalars.first,
              first.properties.isEmojiPresentation || t.unicodeScalars.contains(where: { $0.value == 0xFE0F })
                || (first.properties.isEmoji && first.value > 0x238C) else {
            throw InputError("'{1}' is not one emoji; react with one, like 👍, or \"\" to take the reaction back", text)
        }
        return t
    }
}

extension ConversationRules {
    /// May `actor` react on a message of this conversation? As for a reply: its holder or a supervisor, with
    /// the 24h window open (a reaction is a free-form message). Nothing about the conversation changes.
    public static func react(_ c: ConversationFacts, by actor: Actor, at now: Date) throws(Refusal) {
        _ = try reply(c, by: actor, at: now)
    }
}

public import Foundation
public import LoketDomain

/// How a team action reads in a conversation's timeline ("sari claimed the conversation"): a phrase with
/// its values, kept in the message's payload so the console shows it in the agent's language and times in
/// the business's zone; its English text (times in UTC) is the message body that export and the CLI show.
public enum SystemLine {
    /// A time among a phrase's values: `@t:` and milliseconds since 1970.
    public static func time(_ d: Date) -> String { "@t:\(Int64((d.timeIntervalSince1970 * 1000).rounded()))" }

    /// The time a value stands for, if it is one.
    public static func timeValue(_ value: String) -> Date? {
        guard value.hasPrefix("@t:"), let ms = Int64(value.dropFirst(3)) else { return nil }
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// The line for an audited transition.
    public static func phrase(_ action: AuditAction, actor: String?, from: String?, to: String?, until: String?, reason: String?) -> Phrase {
        let who = actor ?? "system"
        var p: Phrase
        switch action {
        case .claim: p = Phrase("{1} claimed the conversation", [who])
        case .assign: p = Phrase("{1} assigned the conversation to {2}", [who, to ?? "nobody"])
        case .reassign: p = Phrase("{1} reassigned the conversation from {2} to {3}", [who, from ?? "nobody", to ?? "nobody"])
        case .pending:
            p = until.map { Phrase("{1} set the conversation pending until {2}", [who, $0]) } ?? Phrase("{1} set the conversation pending", [who])
        case .resolve: p = Phrase("{1} resolved the conversation", [who])
        case .reopen where actor != nil:
            p = to.map { Phrase("{1} reopened the conversation (with {2})", [who, $0]) } ?? Phrase("{1} reopened the conversation", [who])
        case .reopen:
            p = to.map { Phrase("reopened: the customer wrote again (back to {1})", [$0]) } ?? Phrase("reopened: the customer wrote again", [])
        case .wake:
            p = to.map { Phrase("pending time reached: back to {1}", [$0]) } ?? Phrase("pending time reached: back to the queue", [])
        default: p = Phrase("{1}: {2}", [who, action.rawValue])
        }
        guard let reason else { return p }
        return Phrase(p.template + " — {\(p.args.count + 1)}", p.args + [reason])
    }

    /// The line a customer's move to a new number leaves in their conversation.
    public static func numberChanged(from old: String, to new: String) -> Phrase {
        Phrase("the customer's number changed from {1} to {2}", [old, new])
    }

    /// The English text, times in UTC (`2026-12-02T09:00:00Z`).
    public static func english(_ p: Phrase) -> String { Phrase.fill(p.template, p.args.map(english)) }

    /// One value in English.
    public static func english(_ value: String) -> String {
        timeValue(value).map { ISO8601DateFormatter().string(from: $0) } ?? value
    }

    /// The payload kept with the message: `{"phrase": "...", "args": [...]}`.
    public static func payload(_ p: Phrase) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: ["phrase": p.template, "args": p.args], options: [.sortedKeys]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The phrase of a system message's payload (nil for lines written before phrases were kept).
    public static func decode(payload: String?) -> Phrase? {
        guard let payload, payload.hasPrefix("{"),
              let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
              let template = object["phrase"] as? String, let args = object["args"] as? [String] else { return nil }
        return Phrase(template, args)
    }
}

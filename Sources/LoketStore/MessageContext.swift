import Foundation
import LoketDomain

/// What Meta said around a customer's message beyond its text (docs/SPEC.md §9): that it was forwarded, and the
/// click-to-WhatsApp ad it came from. Read from the raw message kept in ``Message/payload``, so the body stays
/// exactly what the customer wrote (and search finds only that).
extension Message {
    /// Meta marked it forwarded (`context.forwarded` or `context.frequently_forwarded`).
    public var isForwarded: Bool {
        guard direction == .inbound, let context = rawMessage?["context"] as? [String: Any] else { return false }
        return context["forwarded"] as? Bool == true || context["frequently_forwarded"] as? Bool == true
    }

    /// The ad's `referral` object as Meta sent it (nil when the message did not come from an ad).
    public var referral: [String: Any]? {
        guard direction == .inbound else { return nil }
        return rawMessage?["referral"] as? [String: Any]
    }

    /// The ad's headline (or body, or source type) for one line in the console.
    public var referralHeadline: String? {
        guard let r = referral else { return nil }
        return [r["headline"], r["body"], r["source_type"]].compactMap { ($0 as? String).flatMap { $0.isEmpty ? nil : $0 } }.first ?? "ad"
    }

    var rawMessage: [String: Any]? {
        guard let payload, payload.hasPrefix("{"), payload.contains("context") || payload.contains("referral") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
    }
}

import Foundation
import LoketDomain
import LoketStore

/// Stable snake_case JSON for `--json` and `export`. Absent values are written as `null`, never dropped.
enum JSONOutput {
    static func rfc3339(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func orNull(_ v: Any?) -> Any { v ?? NSNull() }

    /// One line of compact JSON with sorted keys.
    static func line(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func conversation(_ c: ConversationSummary) -> [String: Any] {
        [
            "id": c.id,
            "customer": c.customer.address,
            "name": c.customer.profileName,
            "state": c.state.rawValue,
            "assignee": orNull(c.assignee),
            "last_inbound_at": rfc3339(c.lastInboundAt),
            "window_expires_at": rfc3339(c.window.expiresAt),
            "waiting_since": rfc3339(c.waitingSince),
            "last_message": c.lastMessagePreview,
            "last_message_at": rfc3339(c.lastMessageAt),
            "unread": c.unread,
            "labels": c.customer.labels,
            "opted_out": c.customer.optedOut,
        ]
    }

    static func message(_ r: MessageRecord) -> [String: Any] {
        let m = r.message
        var o: [String: Any] = [
            "id": m.id,
            "conversation_id": m.conversationID,
            "customer": r.customer,
            "direction": m.direction.rawValue,
            "type": m.kind.rawValue,
            // What the customer wrote: a media message's caption, without the label the console and search use.
            "body": m.media.map { $0.caption(ofBody: m.body) } ?? m.body,
            "wamid": orNull(m.wamid),
            "status": m.status.rawValue,
            "error_code": orNull(m.errorCode),
            "agent": orNull(m.agent),
            "reply_to": orNull(m.replyTo),
            "template": orNull(m.templateName),
            "reactions": r.reactions.map { ["emoji": $0.emoji, "from": $0.from, "at": rfc3339($0.at)] as [String: Any] },
            "created_at": rfc3339(m.createdAt),
            "updated_at": rfc3339(m.updatedAt),
        ]
        o["forwarded"] = m.isForwarded
        // docs/SPEC.md §9: changed by the customer since; `body` is the latest text, `original_body` the first.
        o["edited"] = m.edited
        o["deleted"] = m.deleted
        o["original_body"] = orNull(m.originalBody)
        o["referral"] = m.referral ?? NSNull()
        // docs/SPEC.md §9: the attachment as Meta described it, and the kept file (null until it is kept).
        if let media = m.media {
            o["media"] = ["id": orNull(media.mediaID), "mime_type": orNull(media.mimeType), "size": orNull(media.size),
                          "sha256": orNull(media.sha256), "file": orNull(media.state == .ready ? media.file : nil),
                          "state": media.state.rawValue, "file_name": orNull(media.fileName), "voice": media.voice] as [String: Any]
        } else {
            o["media"] = NSNull()
        }
        if let p = m.price {
            o["price"] = ["market": p.market, "category": p.category.rawValue, "cost": p.cost.doubleValue,
                          "currency": p.cost.currency]
        } else {
            o["price"] = NSNull()
        }
        return o
    }
}

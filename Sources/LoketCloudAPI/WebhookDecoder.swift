public import Foundation
import LoketDomain
public import LoketStore

/// The body of a webhook POST could not be read as JSON (the gateway answers 400, stores nothing).
public struct MalformedWebhook: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
}

/// Decodes Meta's webhook envelope into what the store keeps. Every entry, change, message, status and
/// error is visited; unknown message types become `unsupported` placeholders with their raw JSON, unknown
/// fields are recorded as notices, and nothing in a valid JSON body makes decoding fail.
public enum WebhookDecoder {
    /// Longest wamid or business-scoped user id believed (Meta's are under 100 characters).
    static let maxIDLength = 256
    /// Longest profile name kept (WhatsApp allows 25 characters).
    static let maxProfileNameLength = 256
    /// Quality ratings Meta uses; anything else is noted, not stored.
    static let qualityRatings: Set<String> = ["GREEN", "YELLOW", "RED", "UNKNOWN", "NA"]

    /// - Parameter phoneNumberID: the business number Loket serves; a change for another number (Meta sends every
    ///   number of the app to one webhook) is skipped and counted in ``InboundBatch/otherNumberChanges``. Nil or
    ///   empty: every change is taken.
    public static func decode(_ data: Data, receivedAt now: Date = Date(), phoneNumberID: String? = nil) throws(MalformedWebhook) -> InboundBatch {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) }
        catch { throw MalformedWebhook(description: "body is not JSON: \((error as NSError).localizedDescription)") }
        var batch = InboundBatch()
        guard let envelope = JSONObject(root) else {
            batch.notices.append("webhook body is JSON but not an object; ignored")
            return batch
        }
        for entry in envelope.objects("entry") {
            for change in entry.objects("changes") {
                let field = change.string("field") ?? "messages"
                guard let value = change.object("value") else { continue }
                if let ours = phoneNumberID, !ours.isEmpty, let theirs = value.object("metadata")?.string("phone_number_id"), theirs != ours {
                    batch.otherNumberChanges += 1
                    continue
                }
                decodeChange(field: field, value: value, into: &batch, now: now)
            }
        }
        return batch
    }

    static func decodeChange(field: String, value: JSONObject, into batch: inout InboundBatch, now: Date) {
        switch field {
        case "messages":
            let contacts = value.objects("contacts")
            for contact in contacts {
                guard let key = customerKey(waID: contact.string("wa_id"), userID: contact.string("user_id")) else { continue }
                if case .phone(let phone) = key, case .userID(let uid)? = customerKey(waID: nil, userID: contact.string("user_id")) {
                    batch.userIDs[phone] = uid
                }
                if let name = contact.object("profile")?.string("name") {
                    batch.profileNames[key] = String(name.prefix(maxProfileNameLength))
                }
            }
            for m in value.objects("messages") {
                // A customer's new number is not a message from them: their record moves to it.
                if m.string("type") == "system", let s = m.object("system"), s.string("type") == "user_changed_number" {
                    let new = (s.string("wa_id") ?? s.string("new_wa_id")).flatMap { try? PhoneNumber("+" + $0) }
                    if let from = customerKey(waID: m.string("from"), userID: m.string("from_user_id")), let new {
                        batch.numberChanges.append(NumberChange(from: from, to: new, at: timestamp(m, now: now, notices: &batch.notices)))
                        continue
                    }
                }
                if let message = decodeMessage(m, contacts: contacts, now: now, notices: &batch.notices) {
                    batch.messages.append(message)
                }
            }
            for s in value.objects("statuses") {
                if let status = decodeStatus(s, now: now, notices: &batch.notices) { batch.statuses.append(status) }
            }
            for e in value.objects("errors") {
                batch.notices.append("platform error \(e.int("code") ?? 0): \(e.string("title") ?? e.string("message") ?? "")"
                                     + (e.object("error_data")?.string("details").map { " — \($0)" } ?? ""))
            }
        case "message_template_status_update":
            if let name = value.string("message_template_name") {
                batch.templateUpdates.append(TemplateUpdate(
                    name: name, language: value.string("message_template_language"), status: value.string("event"),
                    reason: value.string("reason").flatMap { $0 == "NONE" ? nil : $0 }))
            }
        case "message_template_quality_update":
            if let name = value.string("message_template_name"), let score = value.string("new_quality_score")?.uppercased(),
               qualityRatings.contains(score) {
                batch.templateUpdates.append(TemplateUpdate(name: name, language: value.string("message_template_language"), quality: score))
            }
        case "template_category_update":
            if let name = value.string("message_template_name") {
                batch.templateUpdates.append(TemplateUpdate(
                    name: name, language: value.string("message_template_language"),
                    category: value.string("new_category") ?? value.string("correct_category")))
            }
        case "phone_number_quality_update":
            if let rating = value.string("new_quality_score") ?? value.string("quality_rating") {
                if qualityRatings.contains(rating.uppercased()) { batch.qualityRating = rating.uppercased() }
                else { batch.notices.append("quality rating \(String(rating.prefix(40)).debugDescription) is not one Meta uses; ignored") }
            } else if let event = value.string("event")?.uppercased() {
                // Only FLAGGED / UNFLAGGED speak of quality (low, then no longer); DOWNGRADE, UPGRADE and the
                // throughput events move the messaging limit, which is not a quality rating.
                switch event {
                case "FLAGGED": batch.qualityRating = "RED"
                case "UNFLAGGED": batch.qualityRating = "GREEN"
                default: break
                }
            }
            let limit = value.string("max_daily_conversations_per_business") ?? value.string("current_limit")
            if let limit, MessagingLimit.isValid(limit) { batch.messagingLimit = limit }
            batch.notices.append("phone number: \(value.string("event") ?? "update")"
                                 + (limit.map { ", messaging limit \(MessagingLimit.display($0))" } ?? "")
                                 + (value.string("old_limit").map { " (was \(MessagingLimit.display($0)))" } ?? ""))
        case "account_update", "account_review_update", "business_capability_update", "phone_number_name_update":
            let event = value.string("event") ?? value.string("decision") ?? "update"
            batch.notices.append("\(field): \(event)")
        case "user_preferences":
            for p in value.objects("user_preferences") {
                guard let key = customerKey(waID: p.string("wa_id"), userID: p.string("user_id")),
                      let v = p.string("value")?.lowercased(), v == "stop" || v == "resume" else { continue }
                batch.preferenceChanges.append(PreferenceChange(customer: key, optedOut: v == "stop",
                                                                timestamp: timestamp(p, now: now, notices: &batch.notices)))
            }
        default:
            // smb_message_echoes, calls, group_* and fields Meta adds later: noted, never an error.
            batch.notices.append("unhandled webhook field \(field)")
        }
    }

    /// The customer a wire record names: E.164 digits (7 to 15, no leading 0) from `wa_id`/`from`, else
    /// the business-scoped user id. Anything else names nobody.
    static func customerKey(waID: String?, userID: String?) -> CustomerKey? {
        func e164(_ s: String) -> Bool {
            (7...15).contains(s.utf8.count) && s.utf8.first != 48 && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        if let w = waID {
            // Meta sends bare digits (checked without Foundation first); a stray space is tolerated.
            let digits = e164(w) ? w : w.trimmingCharacters(in: .whitespaces)
            if e164(digits) { return .phone(PhoneNumber(trustedDigits: digits)) }
        }
        if let u = userID, !u.isEmpty, u.count <= maxIDLength, !u.contains(where: \.isNewline) { return .userID(u) }
        return nil
    }

    /// A record's `timestamp`, or the receive time (noted) when it is missing or not believable.
    static func timestamp(_ o: JSONObject, now: Date, notices: inout [String]) -> Date {
        if let date = o.date("timestamp", near: now) { return date }
        if o["timestamp"] != nil {
            notices.append("timestamp \(String((o.string("timestamp") ?? "?").prefix(40)).debugDescription) is not within 10 years of now; the receive time was used")
        }
        return now
    }

    /// A wamid worth storing: present, not overlong.
    static func wamid(_ o: JSONObject, notices: inout [String], what: String) -> String? {
        guard let id = o.string("id"), !id.isEmpty else { return nil }
        guard id.utf8.count <= maxIDLength else {
            notices.append("\(what) with a \(id.utf8.count)-byte id ignored (ids are at most \(maxIDLength))")
            return nil
        }
        return id
    }

    static func decodeMessage(_ m: JSONObject, contacts: [JSONObject], now: Date, notices: inout [String]) -> InboundMessage? {
        guard let wamid = wamid(m, notices: &notices, what: "message") else { return nil }
        var key = customerKey(waID: m.string("from"), userID: m.string("from_user_id"))
        // Only a message that names no sender at all is taken to be from the batch's one contact.
        if key == nil, contacts.count == 1, m["from"] == nil, m["from_user_id"] == nil {
            key = customerKey(waID: contacts[0].string("wa_id"), userID: contacts[0].string("user_id"))
        }
        guard let from = key else {
            notices.append("message \(String(wamid.prefix(80))) names no valid sender (wa_id must be 7 to 15 digits); ignored")
            return nil
        }
        let type = m.string("type") ?? "unsupported"
        // The body is what the customer wrote: that it was forwarded, or came from an ad, stays in the raw message
        // (the console shows it, export carries it as `forwarded` and `referral`, search does not match it).
        let rendered = MessageRendering.render(type: type, message: m)
        let context = m.object("context")
        let replyTo = rendered.replyTo ?? context?.string("id")
        // The raw message is kept whenever the readable body does not say everything (media ids, coordinates,
        // forwarded or ad context, unknown types); a plain text message is its body.
        let plainText = type == "text" && m.raw.keys.allSatisfy { ["from", "id", "timestamp", "type", "text"].contains($0) }
        // An attachment: the gateway fetches it while Meta still has it (docs/SPEC.md §9).
        var media: MessageMedia?
        if let kind = MediaKind(messageType: type), let o = m.object(type) {
            let id = o.string("id").flatMap { $0.isEmpty || $0.utf8.count > maxIDLength ? nil : $0 }
            media = MessageMedia(kind: kind, mediaID: id, mimeType: o.string("mime_type"), sha256: hexSHA256(o.string("sha256")),
                                 fileName: o.string("filename"), lastError: id == nil ? "the webhook named no media id" : nil,
                                 voice: o.bool("voice") == true)
        }
        return InboundMessage(wamid: wamid, from: from, profileName: nil, timestamp: timestamp(m, now: now, notices: &notices),
                              kind: MessageKind(rawValue: rendered.kind), body: rendered.body, replyTo: replyTo,
                              payload: plainText ? nil : JSONObject.json(m.raw), media: media)
    }

    /// Webhooks give a file's sha256 in base64; Loket keeps every hash as lowercase hex (as `GET /{media-id}` gives it).
    static func hexSHA256(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if text.count == 64, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        if let d = Data(base64Encoded: text), d.count == 32 { return Hex.encode(d) }
        return text
    }

    static func decodeStatus(_ s: JSONObject, now: Date, notices: inout [String]) -> StatusUpdate? {
        guard let wamid = wamid(s, notices: &notices, what: "status"), let word = s.string("status"),
              let status = MessageStatus(meta: word) else { return nil }
        let error = s.objects("errors").first
        var title = error?.string("title") ?? error?.string("message")
        if let details = error?.object("error_data")?.string("details") { title = (title.map { $0 + ": " } ?? "") + details }
        return StatusUpdate(wamid: wamid, status: status, timestamp: timestamp(s, now: now, notices: &notices),
                            errorCode: error?.int("code"), errorTitle: title,
                            pricingCategory: s.object("pricing")?.string("category"),
                            pricingBillable: s.object("pricing")?.bool("billable"),
                            pricingType: s.object("pricing")?.string("type").map { String($0.prefix(40)) })
    }
}

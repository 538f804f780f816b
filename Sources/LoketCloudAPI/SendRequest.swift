public import Foundation
public import LoketDomain
public import LoketStore

/// Builds the JSON body of `POST /{phone-number-id}/messages` for an outbox entry.
public enum SendRequest {
    public static func body(for item: OutboxItem) -> Data {
        var o: [String: Any] = ["messaging_product": "whatsapp"]
        switch item.payload {
        case .markRead(let wamid, let typing):
            o["status"] = "read"
            o["message_id"] = wamid
            if typing { o["typing_indicator"] = ["type": "text"] }
            return encode(o)
        case .text(let body, let replyTo):
            o["type"] = "text"
            o["text"] = ["preview_url": false, "body": body]
            if let r = replyTo { o["context"] = ["message_id": r] }
        case .interactive(let m, let replyTo):
            o["type"] = "interactive"
            o["interactive"] = interactiveObject(m)
            if let r = replyTo { o["context"] = ["message_id": r] }
        case .reaction(let wamid, let emoji):
            o["type"] = "reaction"
            o["reaction"] = ["message_id": wamid, "emoji": emoji]
        case .media(let attachment, let caption, let replyTo):
            // The real body needs the upload's id (CloudAPIClient.send); this one names the file for logs and fakes.
            return mediaBody(to: item.to, attachment, mediaID: "", caption: caption, replyTo: replyTo)
        case .template(let name, let send):
            // A header file is uploaded first and sent by its id (CloudAPIClient.send); this body names no id for it.
            o["type"] = "template"
            o["template"] = templateObject(name: name, send, headerMediaID: nil)
        }
        address(&o, to: item.to)
        return encode(o)
    }

    static func address(_ o: inout [String: Any], to: CustomerKey) {
        o["recipient_type"] = "individual"
        switch to {
        case .phone(let p): o["to"] = p.e164
        case .userID(let u): o["recipient"] = u
        }
    }

    /// An image, video, audio, document or sticker message by uploaded media id (a document keeps its file name;
    /// audio and stickers take no caption).
    public static func mediaBody(to: CustomerKey, _ attachment: OutgoingAttachment, mediaID: String, caption: String?,
                                 replyTo: String?) -> Data {
        var o: [String: Any] = ["messaging_product": "whatsapp", "type": attachment.kind.rawValue]
        var media: [String: Any] = ["id": mediaID]
        if let caption, attachment.kind != .audio, attachment.kind != .sticker { media["caption"] = caption }
        if attachment.kind == .document, let name = attachment.fileName { media["filename"] = name }
        o[attachment.kind.rawValue] = media
        if let r = replyTo { o["context"] = ["message_id": r] }
        address(&o, to: to)
        return encode(o)
    }

    /// A template message's body with its header file's uploaded id.
    public static func templateBody(to: CustomerKey, name: String, _ send: TemplateSend, headerMediaID: String) -> Data {
        var o: [String: Any] = ["messaging_product": "whatsapp", "type": "template",
                                "template": templateObject(name: name, send, headerMediaID: headerMediaID)]
        address(&o, to: to)
        return encode(o)
    }

    /// Meta's `template` object: name, language and a component for each part that takes values: the header
    /// (its text variable, or its media by uploaded id or link), the body, and each button with a value.
    /// A named template's variables carry their `parameter_name` (Meta answers 100 without it).
    public static func templateObject(name: String, _ send: TemplateSend, headerMediaID: String?) -> [String: Any] {
        var template: [String: Any] = ["name": name, "language": ["code": send.language]]
        var components: [[String: Any]] = []
        if let header = send.header {
            var p: [String: Any] = ["type": "text", "text": header]
            if let n = send.headerName { p["parameter_name"] = n }
            components.append(["type": "header", "parameters": [p]])
        } else if let media = send.headerMedia {
            var object: [String: Any] = [:]
            if let link = media.link { object["link"] = link } else { object["id"] = headerMediaID ?? "" }
            if media.kind == .document, let f = media.fileName { object["filename"] = f }
            components.append(["type": "header", "parameters": [["type": media.kind.rawValue, media.kind.rawValue: object]]])
        }
        if !send.parameters.isEmpty {
            components.append(["type": "body", "parameters": send.parameters.enumerated().map { i, value -> [String: Any] in
                var p: [String: Any] = ["type": "text", "text": value]
                if let names = send.names, i < names.count { p["parameter_name"] = names[i] }
                return p
            }])
        }
        for b in send.buttons {
            let parameter: [String: Any]
            switch b.subType {
            case "quick_reply": parameter = ["type": "payload", "payload": b.value]
            case "copy_code": parameter = ["type": "coupon_code", "coupon_code": b.value]
            default: parameter = ["type": "text", "text": b.value]
            }
            components.append(["type": "button", "sub_type": b.subType, "index": String(b.index), "parameters": [parameter]])
        }
        if !components.isEmpty { template["components"] = components }
        return template
    }

    static func encode(_ o: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// Meta's `interactive` object: `button` with reply buttons, or `list` with one section of rows.
    public static func interactiveObject(_ m: InteractiveMessage) -> [String: Any] {
        var i: [String: Any] = ["body": ["text": m.body]]
        if let h = m.header { i["header"] = ["type": "text", "text": h] }
        if let f = m.footer { i["footer"] = ["text": f] }
        switch m.kind {
        case .buttons(let choices):
            i["type"] = "button"
            i["action"] = ["buttons": choices.map { ["type": "reply", "reply": ["id": $0.id, "title": $0.title]] }]
        case .list(let button, let rows):
            i["type"] = "list"
            i["action"] = ["button": button, "sections": [["rows": rows.map { r -> [String: Any] in
                var row: [String: Any] = ["id": r.id, "title": r.title]
                if let d = r.description { row["description"] = d }
                return row
            }]]]
        }
        return i
    }
}

/// Meta's answer to a send, parsed.
public enum SendResponse: Equatable, Sendable {
    case accepted(wamid: String)
    /// A Graph API error object (`{"error": {...}}`) with the HTTP status.
    case error(GraphError)

    /// Parses a response body; a 2xx without a message id is treated as a (retryable) server error.
    public static func parse(status: Int, body: Data) -> SendResponse {
        let obj = (try? JSONSerialization.jsonObject(with: body)).flatMap(JSONObject.init)
        if (200..<300).contains(status) {
            if let id = obj?.objects("messages").first?.string("id"), !id.isEmpty { return .accepted(wamid: id) }
            if obj?.bool("success") == true { return .accepted(wamid: "") }
            return .error(GraphError(httpStatus: status, code: 0, message: "answer without a message id", details: nil, isTransient: true))
        }
        let e = obj?.object("error")
        return .error(GraphError(httpStatus: status, code: e?.int("code") ?? 0,
                                 message: e?.string("message") ?? "HTTP \(status)",
                                 details: e?.object("error_data")?.string("details"),
                                 isTransient: e?.bool("is_transient") ?? false))
    }
}

/// A Graph API error: HTTP status, Meta's code and message.
public struct GraphError: Equatable, Sendable, CustomStringConvertible {
    public var httpStatus: Int
    public var code: Int
    public var message: String
    public var details: String?
    public var isTransient: Bool
    public init(httpStatus: Int, code: Int, message: String, details: String?, isTransient: Bool) {
        self.httpStatus = httpStatus; self.code = code; self.message = message; self.details = details
        self.isTransient = isTransient
    }
    public var description: String { "(#\(code)) \(message)" + (details.map { ": \($0)" } ?? "") }
}

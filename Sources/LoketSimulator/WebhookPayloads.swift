public import Foundation

/// Builds webhook bodies exactly as Meta sends them (the envelope of `webhook-examples.json`).
public enum WebhookPayloads {
    public static let wabaID = "102290129340398"

    static func envelope(phoneNumberID: String, displayNumber: String, field: String = "messages", value: [String: Any]) -> [String: Any] {
        var v = value
        v["messaging_product"] = "whatsapp"
        v["metadata"] = ["display_phone_number": displayNumber, "phone_number_id": phoneNumberID]
        return ["object": "whatsapp_business_account",
                "entry": [["id": wabaID, "changes": [["value": v, "field": field]]]]]
    }

    /// One or more customer messages (each `[String: Any]` is a Cloud API message object) with their contacts.
    public static func messages(_ messages: [[String: Any]], contacts: [(waID: String, name: String)],
                                phoneNumberID: String, displayNumber: String = "622150001234") -> Data {
        let value: [String: Any] = [
            "contacts": contacts.map { ["profile": ["name": $0.name], "wa_id": $0.waID] },
            "messages": messages,
        ]
        return encode(envelope(phoneNumberID: phoneNumberID, displayNumber: displayNumber, value: value))
    }

    /// A text message object.
    public static func text(wamid: String, from: String, body: String, at: Date = Date(), replyTo: String? = nil) -> [String: Any] {
        var m: [String: Any] = ["from": from, "id": wamid, "timestamp": String(Int(at.timeIntervalSince1970)),
                                "type": "text", "text": ["body": body]]
        if let r = replyTo { m["context"] = ["from": "622150001234", "id": r] }
        return m
    }

    /// A media, location or other message object of `type` with its payload.
    public static func message(type: String, wamid: String, from: String, payload: Any, at: Date = Date()) -> [String: Any] {
        ["from": from, "id": wamid, "timestamp": String(Int(at.timeIntervalSince1970)), "type": type, type: payload]
    }

    /// A delivery status for an outbound message (`sent`, `delivered`, `read`, `failed`).
    public static func status(wamid: String, status: String, recipient: String, errorCode: Int? = nil, errorTitle: String? = nil,
                              category: String? = nil, phoneNumberID: String, at: Date = Date()) -> Data {
        statuses([statusObject(wamid: wamid, status: status, recipient: recipient, errorCode: errorCode, errorTitle: errorTitle,
                               category: category, at: at)], phoneNumberID: phoneNumberID)
    }

    /// Several status objects in one webhook, as Meta batches them.
    public static func statuses(_ statuses: [[String: Any]], phoneNumberID: String) -> Data {
        encode(envelope(phoneNumberID: phoneNumberID, displayNumber: "622150001234", value: ["statuses": statuses]))
    }

    /// One status object (see ``status(wamid:status:recipient:errorCode:errorTitle:category:phoneNumberID:at:)``).
    public static func statusObject(wamid: String, status: String, recipient: String, errorCode: Int? = nil, errorTitle: String? = nil,
                                    category: String? = nil, at: Date = Date()) -> [String: Any] {
        var s: [String: Any] = ["id": wamid, "status": status, "timestamp": String(Int(at.timeIntervalSince1970)),
                                "recipient_id": recipient]
        if let code = errorCode {
            s["errors"] = [["code": code, "title": errorTitle ?? "error", "message": errorTitle ?? "error",
                            "error_data": ["details": errorTitle ?? "error"]]]
        }
        if let c = category {
            s["pricing"] = ["billable": c != "service", "pricing_model": "PMP", "type": "regular", "category": c]
        }
        return s
    }

    public static func encode(_ o: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}

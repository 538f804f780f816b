import Foundation

/// Customer messages of every Cloud API type, shaped like Meta's webhook examples, for the simulator's
/// customers (tests and the demo).
public enum SampleMessages {
    /// One message object per type, from `from`; wamids are unique per call with `tag`.
    public static func everyType(from: String, tag: String, replyTo: String = "wamid.OUT.demo") -> [[String: Any]] {
        func m(_ type: String, _ payload: Any, extra: [String: Any] = [:]) -> [String: Any] {
            var o = WebhookPayloads.message(type: type, wamid: "wamid.\(tag).\(type).\(extra.isEmpty ? 0 : 1)", from: from, payload: payload)
            for (k, v) in extra { o[k] = v }
            return o
        }
        return [
            WebhookPayloads.text(wamid: "wamid.\(tag).text", from: from, body: "Kartu ATM saya tertelan 🙏"),
            m("image", ["caption": "Foto struk ATM", "mime_type": "image/jpeg", "sha256": "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", "id": "1003383421387256"]),
            m("document", ["filename": "mutasi-rekening.pdf", "mime_type": "application/pdf", "sha256": "abc=", "id": "1003383421387257"]),
            m("audio", ["mime_type": "audio/ogg; codecs=opus", "sha256": "def=", "id": "1003383421387258", "voice": true]),
            m("video", ["mime_type": "video/mp4", "sha256": "ghi=", "id": "1003383421387259", "caption": "Mesin ATM error"]),
            m("sticker", ["mime_type": "image/webp", "sha256": "jkl=", "id": "1003383421387260", "animated": false]),
            m("location", ["latitude": -6.2253, "longitude": 106.8009, "name": "ATM Bank Nusantara Sudirman", "address": "Jl. Jend. Sudirman Kav. 52, Jakarta Selatan"]),
            m("contacts", [["name": ["formatted_name": "Siti Rahma", "first_name": "Siti"], "phones": [["phone": "+62 811-2233-4455", "wa_id": "6281122334455", "type": "MOBILE"]]]]),
            m("interactive", ["type": "button_reply", "button_reply": ["id": "yes", "title": "Ya, blokir kartu"]], extra: ["context": ["from": "622150001234", "id": replyTo]]),
            m("interactive", ["type": "list_reply", "list_reply": ["id": "branch", "title": "Cabang terdekat", "description": "Jakarta Selatan"]]),
            m("button", ["payload": "STOP promo", "text": "Berhenti promo"], extra: ["context": ["from": "622150001234", "id": replyTo]]),
            m("reaction", ["message_id": replyTo, "emoji": "👍"]),
            m("order", ["catalog_id": "194836987003835", "text": "Buku cek", "product_items": [["product_retailer_id": "cek-25", "quantity": 1, "item_price": 50000, "currency": "IDR"]]]),
            m("unsupported", [:], extra: ["errors": [["code": 131051, "title": "Message type unknown"]]]),
        ]
    }
}

extension CloudAPISimulator {
    /// A customer sends any message object (see ``SampleMessages``); returns the gateway's HTTP status.
    @discardableResult
    public func customerSends(_ messages: [[String: Any]], from digits: String, name: String) async throws -> Int {
        try await postWebhook(WebhookPayloads.messages(messages, contacts: [(digits, name)], phoneNumberID: phoneNumberID))
    }
}

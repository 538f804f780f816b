import Foundation

/// Turns each Cloud API message type into a readable line for the console, search and export.
enum MessageRendering {
    struct Rendered { var kind: String; var body: String; var replyTo: String? = nil }

    static let mediaTypes: Set<String> = ["image", "video", "audio", "document", "sticker"]

    static func render(type: String, message m: JSONObject) -> Rendered {
        switch type {
        case "text":
            return Rendered(kind: "text", body: m.object("text")?.string("body") ?? "")
        case _ where mediaTypes.contains(type):
            let media = m.object(type)
            var label = type
            if type == "audio", media?.bool("voice") == true { label = "voice message" }
            if type == "sticker", media?.bool("animated") == true { label = "animated sticker" }
            var body = "[\(label)]"
            if let name = media?.string("filename") { body += " \(name)" }
            if let caption = media?.string("caption"), !caption.isEmpty { body += " \(caption)" }
            return Rendered(kind: type, body: body)
        case "location":
            let l = m.object("location")
            let place = [l?.string("name"), l?.string("address")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            let coords = String(format: "%.5f, %.5f", l?.double("latitude") ?? 0, l?.double("longitude") ?? 0)
            return Rendered(kind: "location", body: "[location] " + (place.isEmpty ? coords : "\(place) (\(coords))"))
        case "contacts":
            let people = m.objects("contacts").map { c -> String in
                let name = c.object("name")?.string("formatted_name") ?? c.object("name")?.string("first_name") ?? "contact"
                let phones = c.objects("phones").compactMap { $0.string("phone") }
                return phones.isEmpty ? name : "\(name) \(phones.joined(separator: ", "))"
            }
            return Rendered(kind: "contacts", body: "[contact] " + people.joined(separator: "; "))
        case "interactive":
            let i = m.object("interactive")
            switch i?.string("type") {
            case "button_reply":
                return Rendered(kind: "interactive", body: "[button] " + (i?.object("button_reply")?.string("title") ?? ""))
            case "list_reply":
                let r = i?.object("list_reply")
                let desc = r?.string("description").map { " — \($0)" } ?? ""
                return Rendered(kind: "interactive", body: "[list] " + (r?.string("title") ?? "") + desc)
            case "nfm_reply":
                let r = i?.object("nfm_reply")
                return Rendered(kind: "interactive", body: "[form] " + (r?.string("body") ?? r?.string("name") ?? "response"))
            case "call_permission_reply":
                let r = i?.object("call_permission_reply")
                return Rendered(kind: "interactive", body: "[call permission] " + (r?.string("response") ?? ""))
            default:
                return Rendered(kind: "interactive", body: "[interactive \(i?.string("type") ?? "reply")]")
            }
        case "button":
            let b = m.object("button")
            return Rendered(kind: "button", body: "[button] " + (b?.string("text") ?? b?.string("payload") ?? ""))
        case "reaction":
            let r = m.object("reaction")
            let emoji = r?.string("emoji") ?? ""
            return Rendered(kind: "reaction", body: emoji.isEmpty ? "[reaction removed]" : "[reaction] \(emoji)",
                            replyTo: r?.string("message_id"))
        case "order":
            let o = m.object("order")
            let items = o?.objects("product_items") ?? []
            let lines = items.map { i -> String in
                "\(i.string("product_retailer_id") ?? "?") ×\(i.int("quantity") ?? 1) @ \(i.string("item_price") ?? "?") \(i.string("currency") ?? "")"
            }
            let total = items.reduce(0.0) { $0 + ($1.double("item_price") ?? 0) * Double($1.int("quantity") ?? 1) }
            let currency = items.first?.string("currency") ?? ""
            var body = "[order] \(items.count) item\(items.count == 1 ? "" : "s"): \(lines.joined(separator: ", "))"
            body += String(format: "; total %.2f %@", total, currency)
            if let text = o?.string("text"), !text.isEmpty { body += " — \(text)" }
            return Rendered(kind: "order", body: body)
        case "system":
            let s = m.object("system")
            let text = (s?.string("body") ?? s?.string("type") ?? "system event").replacingOccurrences(of: "\u{200E}", with: "")
            return Rendered(kind: "system", body: "[system] " + text)
        case "request_welcome":
            return Rendered(kind: "request_welcome", body: "[opened the chat]")
        case "edit":
            // The new text (or a media message's new caption) is the body: the store puts it in place of the original.
            let e = m.object("edit")
            let message = e?.object("message")
            let newType = message?.string("type") ?? "text"
            let newText = message?.object("text")?.string("body") ?? message?.object(newType)?.string("caption")
                ?? e?.string("body") ?? ""
            return Rendered(kind: "edit", body: newText, replyTo: e?.string("original_message_id") ?? m.object("context")?.string("id"))
        case "revoke":
            return Rendered(kind: "revoke", body: "",
                            replyTo: m.object("revoke")?.string("original_message_id") ?? m.object("context")?.string("id"))
        case "unsupported":
            let e = m.objects("errors").first
            let what = m.object("unsupported")?.string("type").map { "\($0) " } ?? ""
            return Rendered(kind: "unsupported",
                            body: "[unsupported \(what)message]" + (e?.string("title").map { " \($0)" } ?? ""))
        default:
            return Rendered(kind: "unsupported", body: "[unsupported \(type) message]")
        }
    }
}

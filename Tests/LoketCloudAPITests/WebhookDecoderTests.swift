import Foundation
import Testing
import LoketDomain
import LoketStore
@testable import LoketCloudAPI

/// Meta's official webhook examples (Fixtures/webhook-examples.json, from facebook/openapi, MIT).
enum MetaExamples {
    static let all: [String: Data] = {
        let url = Bundle.module.url(forResource: "Fixtures/webhook-examples", withExtension: "json")!
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return root.mapValues { try! JSONSerialization.data(withJSONObject: $0) }
    }()
}

@Suite struct WebhookDecoderTests {
    func decode(_ name: String) throws -> InboundBatch { try WebhookDecoder.decode(MetaExamples.all[name]!) }

    @Test func everyMessageExampleBecomesAReadableMessage() throws {
        let expected: [String: (kind: String, body: String)] = [
            "Text Message": ("text", "Does it come in another color?"),
            "Text Message with Context (Product Inquiry)": ("text", "Is this still available?"),
            "Text Message from Click to WhatsApp Ad": ("text", ""),
            "Reaction Message": ("reaction", "[reaction] 👍"),
            "Image Message": ("image", "[image] Taj Mahal"),
            "Location Message": ("location", "[location] Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301 (37.44221, -122.16166)"),
            "Contact Sharing Message": ("contacts", "[contact] Lucía Gómez +1 (983) 555-2319"),
            "Unsupported Message": ("unsupported", "[unsupported message] Message type unknown"),
            "Button Message": ("button", "[button] Unsubscribe"),
            "Interactive List Reply Message": ("interactive", "[list] Priority Mail Express — Next Day to 2 Days"),
            "Interactive Button Reply Message": ("interactive", "[button] Cancel"),
            "Order Message": ("order", "[order] 2 items: di9ozbzfi4 ×2 @ 30 USD, nqryix03ez ×1 @ 25 USD; total 85.00 USD"),
        ]
        // Meta's system message is a customer's new number: not a message from them, a move of their record.
        let system = try decode("System Message")
        #expect(system.messages.isEmpty && system.numberChanges.count == 1)
        #expect(system.numberChanges.first?.from == .phone(PhoneNumber(trustedDigits: "16505551234"))
            && system.numberChanges.first?.to == PhoneNumber(trustedDigits: "12195555358"), "\(system.numberChanges)")
        for (name, want) in expected {
            let batch = try decode(name)
            #expect(batch.messages.count == 1, "\(name)")
            let m = try #require(batch.messages.first)
            #expect(m.kind.rawValue == want.kind, "\(name)")
            if name == "Text Message from Click to WhatsApp Ad" {
                // The ad stays beside the text, not in it.
                #expect(!m.body.contains("via ad") && !m.body.isEmpty, "\(m.body)")
                #expect(m.payload?.contains("Chat with us") == true)
            } else {
                #expect(m.body == want.body, "\(name): \(m.body)")
            }
            #expect(m.wamid.hasPrefix("wamid."))
            #expect(m.from == .phone(PhoneNumber(trustedDigits: "16505551234")))
            if name != "Text Message" { #expect(m.payload?.contains(m.wamid) == true, "the raw message is kept: \(name)") }
        }
        #expect(try decode("Text Message").profileNames[.phone(PhoneNumber(trustedDigits: "16505551234"))] == "Sheena Nelson")
        #expect(try decode("Reaction Message").messages[0].replyTo == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA")
        #expect(try decode("Button Message").messages[0].replyTo == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA")
        #expect(try decode("Image Message").messages[0].payload?.contains("SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=") == true)
    }

    @Test func groupEventsAreNotedNotDropped() throws {
        for name in ["Group Create Message", "Group Settings Update", "Group Remove Participants"] {
            let b = try decode(name)
            #expect(b.messages.isEmpty && b.notices.count == 1, "\(name)")
        }
    }

    func change(_ field: String, _ value: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: ["object": "whatsapp_business_account",
            "entry": [["id": "1", "changes": [["field": field, "value": value]]]]])
    }

    @Test func statusesCarryErrorsAndPricing() throws {
        let data = change("messages", ["messaging_product": "whatsapp", "statuses": [
            ["id": "wamid.A", "status": "delivered", "timestamp": "1750000000", "recipient_id": "6281234567890",
             "pricing": ["billable": true, "pricing_model": "PMP", "type": "regular", "category": "marketing"]],
            ["id": "wamid.B", "status": "failed", "timestamp": 1750000001, "recipient_id": "6281234567890",
             "errors": [["code": 131047, "title": "Re-engagement message", "error_data": ["details": "more than 24 hours"]]]],
            ["id": "wamid.C", "status": "played", "timestamp": "1750000002"],
            ["id": "wamid.D", "status": "deleted", "timestamp": "1750000003"],
        ]])
        let b = try WebhookDecoder.decode(data)
        #expect(b.statuses.map(\.status) == [.delivered, .failed, .read])
        #expect(b.statuses[0].pricingCategory == "marketing")
        #expect(b.statuses[1].errorCode == 131047 && b.statuses[1].errorTitle == "Re-engagement message: more than 24 hours")
        #expect(b.statuses[0].timestamp == Date(timeIntervalSince1970: 1_750_000_000))
    }

    @Test func accountEvents() throws {
        #expect(try WebhookDecoder.decode(change("message_template_status_update", [
            "event": "APPROVED", "message_template_name": "service_disruption", "message_template_language": "id", "reason": "NONE",
        ])).templateUpdates == [TemplateUpdate(name: "service_disruption", language: "id", status: "APPROVED")])
        #expect(try WebhookDecoder.decode(change("template_category_update", [
            "message_template_name": "tagihan", "message_template_language": "id", "previous_category": "UTILITY", "new_category": "MARKETING",
        ])).templateUpdates == [TemplateUpdate(name: "tagihan", language: "id", category: "MARKETING")])
        #expect(try WebhookDecoder.decode(change("message_template_quality_update", [
            "previous_quality_score": "GREEN", "new_quality_score": "RED", "message_template_id": 1, "message_template_name": "promo_akhir_tahun",
            "message_template_language": "id",
        ])).templateUpdates == [TemplateUpdate(name: "promo_akhir_tahun", language: "id", quality: "RED")])
        #expect(try WebhookDecoder.decode(change("message_template_quality_update", [
            "new_quality_score": "PURPLE", "message_template_name": "x", "message_template_language": "id",
        ])).templateUpdates.isEmpty, "only Meta's words")
        // FLAGGED / UNFLAGGED are quality (low, then no longer); DOWNGRADE / UPGRADE move the messaging limit only.
        let flagged = try WebhookDecoder.decode(change("phone_number_quality_update", ["event": "FLAGGED", "current_limit": "TIER_10K"]))
        #expect(flagged.qualityRating == "RED" && flagged.messagingLimit == "TIER_10K")
        #expect(try WebhookDecoder.decode(change("phone_number_quality_update", ["event": "UNFLAGGED"])).qualityRating == "GREEN")
        let down = try WebhookDecoder.decode(change("phone_number_quality_update", ["event": "DOWNGRADE", "old_limit": "TIER_10K", "current_limit": "TIER_1K"]))
        #expect(down.qualityRating == nil && down.messagingLimit == "TIER_1K", "a tier change is not a quality rating")
        #expect(down.notices.contains("phone number: DOWNGRADE, messaging limit 1K (was 10K)"))
        let up = try WebhookDecoder.decode(change("phone_number_quality_update", ["event": "UPGRADE", "current_limit": "TIER_100K",
                                                                                   "max_daily_conversations_per_business": "100000"]))
        #expect(up.qualityRating == nil && up.messagingLimit == "100000", "the newer daily count wins over the old tier field")
        #expect(try WebhookDecoder.decode(change("phone_number_quality_update", ["event": "UPGRADE", "current_limit": "TIER_1K; DROP"])).messagingLimit == nil)
        let prefs = try WebhookDecoder.decode(change("user_preferences", ["user_preferences": [
            ["wa_id": "6281234567890", "category": "marketing_messages", "value": "stop", "timestamp": 1731705721],
        ]]))
        #expect(prefs.preferenceChanges == [PreferenceChange(customer: .phone(PhoneNumber(trustedDigits: "6281234567890")), optedOut: true,
                                                             timestamp: Date(timeIntervalSince1970: 1731705721))])
        #expect(try WebhookDecoder.decode(change("account_update", ["event": "ACCOUNT_VIOLATION"])).notices == ["account_update: ACCOUNT_VIOLATION"])
        #expect(try WebhookDecoder.decode(change("calls", ["calls": [["id": "x"]]])).notices == ["unhandled webhook field calls"])
    }

    @Test func customersKnownOnlyByBusinessScopedUserID() throws {
        let b = try WebhookDecoder.decode(change("messages", [
            "contacts": [["profile": ["name": "Anon"], "user_id": "ID.7777", "wa_id": ""]],
            "messages": [["from": "", "from_user_id": "ID.7777", "id": "wamid.U", "timestamp": "1750000000", "type": "text",
                          "text": ["body": "halo"]]],
        ]))
        #expect(b.messages.first?.from == .userID("ID.7777"))
        #expect(b.profileNames[.userID("ID.7777")] == "Anon")
    }

    @Test func oddButValidBodiesNeverFail() throws {
        for body in ["[]", "42", "{}", #"{"entry": "x"}"#, #"{"entry": [{"changes": [{"value": {"messages": [{"type": "text"}]}}]}]}"#,
                     #"{"entry": [{"changes": [{"field": "messages", "value": {"messages": [{"id": "wamid.X", "from": "6281234567", "type": "hologram", "hologram": {"z": 1}}]}}]}]}"#] {
            _ = try WebhookDecoder.decode(Data(body.utf8))
        }
        let future = try WebhookDecoder.decode(Data(#"{"entry": [{"changes": [{"field": "messages", "value": {"messages": [{"id": "wamid.X", "from": "6281234567", "type": "hologram", "hologram": {"z": 1}}]}}]}]}"#.utf8))
        #expect(future.messages.first?.kind == .unsupported && future.messages.first?.body == "[unsupported hologram message]")
        #expect(throws: MalformedWebhook.self) { try WebhookDecoder.decode(Data("{nope".utf8)) }
    }
}

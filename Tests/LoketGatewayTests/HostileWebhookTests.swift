import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import Logging
import NIOCore

/// Signed webhooks with hostile values: what Meta, a bug at Meta or anyone holding the app
/// secret can send. Meta redelivers an unanswered payload for days, so a trap would be a crash loop.
@Suite struct HostileWebhookTests {
    /// Values put in place of every field in turn.
    static var hostile: [Any] { [
        1e300, -1e300, 1e20, -1, 0, 9.3e15, "1e20", "-1e20", "nan", "inf", "-inf", "9.3e15", "", "abc",
        "x\u{0}y\u{0}z", String(repeating: "9", count: 21_857), String(repeating: "é", count: 50_000), true, [Any](), [String: Any](), NSNull(),
    ] }

    static let now = Date()

    /// Webhooks carrying every kind of field Loket reads: messages of several types with contacts and context,
    /// statuses with errors and pricing, marketing preferences, quality and template events.
    static var templates: [[String: Any]] {
        let t = String(Int(now.timeIntervalSince1970))
        func change(_ field: String, _ value: [String: Any]) -> [String: Any] {
            ["object": "whatsapp_business_account", "entry": [["id": "1", "changes": [["field": field, "value": value]]]]]
        }
        return [
            change("messages", [
                "messaging_product": "whatsapp",
                "metadata": ["display_phone_number": "622150001234", "phone_number_id": Secrets.phoneNumberID],
                "contacts": [["profile": ["name": "Budi"], "wa_id": "6281234567890", "user_id": "ID.1"]],
                "messages": [
                    ["from": "6281234567890", "id": "wamid.F1", "timestamp": t, "type": "text", "text": ["body": "halo"],
                     "context": ["from": "622150001234", "id": "wamid.C", "forwarded": true]],
                    ["from": "6281234567890", "id": "wamid.F2", "timestamp": t, "type": "image",
                     "image": ["id": "123", "mime_type": "image/jpeg", "sha256": "abc", "caption": "struk"]],
                    ["from": "6281234567890", "id": "wamid.F3", "timestamp": t, "type": "location",
                     "location": ["latitude": -6.2, "longitude": 106.8, "name": "ATM", "address": "Jl. Sudirman"]],
                    ["from": "6281234567890", "id": "wamid.F4", "timestamp": t, "type": "interactive",
                     "interactive": ["type": "button_reply", "button_reply": ["id": "b1", "title": "Ya"]]],
                    ["from": "6281234567890", "id": "wamid.F5", "timestamp": t, "type": "reaction",
                     "reaction": ["message_id": "wamid.OUT", "emoji": "👍"]],
                ],
            ]),
            change("messages", [
                "metadata": ["display_phone_number": "622150001234", "phone_number_id": Secrets.phoneNumberID],
                "statuses": [["id": "wamid.OUT", "status": "failed", "timestamp": t, "recipient_id": "6281234567890",
                              "errors": [["code": 131026, "title": "undeliverable", "error_data": ["details": "x"]]],
                              "pricing": ["billable": true, "pricing_model": "PMP", "category": "utility"]]],
                "errors": [["code": 131000, "title": "Something"]],
            ]),
            change("user_preferences", ["user_preferences": [["wa_id": "6281234567890", "value": "stop", "timestamp": t,
                                                              "detail": "x", "category": "marketing_messages"]]]),
            change("phone_number_quality_update", ["display_phone_number": "622150001234", "event": "FLAGGED",
                                                   "current_limit": "TIER_10K", "new_quality_score": "YELLOW"]),
            change("message_template_status_update", ["event": "APPROVED", "message_template_id": 1,
                                                      "message_template_name": "service_disruption",
                                                      "message_template_language": "id", "reason": "NONE"]),
        ]
    }

    /// Every path to a leaf of `value` (dictionary keys and array indices).
    static func leaves(_ value: Any, _ path: [AnyHashable] = []) -> [[AnyHashable]] {
        if let d = value as? [String: Any] { return d.keys.sorted().flatMap { leaves(d[$0]!, path + [$0]) } }
        if let a = value as? [Any], !a.isEmpty { return a.indices.flatMap { leaves(a[$0], path + [$0]) } }
        return [path]
    }

    static func replacing(_ value: Any, at path: ArraySlice<AnyHashable>, with new: Any) -> Any {
        guard let head = path.first else { return new }
        if var d = value as? [String: Any], let k = head as? String { d[k] = replacing(d[k] as Any, at: path.dropFirst(), with: new); return d }
        if var a = value as? [Any], let i = head as? Int { a[i] = replacing(a[i], at: path.dropFirst(), with: new); return a }
        return value
    }

    @Test func everyFieldWithHostileValuesIsAnsweredNeverTraps() async throws {
        try await withRouter { client, store in
            var posts = 0
            for template in Self.templates {
                for path in Self.leaves(template) {
                    for value in Self.hostile {
                        let webhook = Self.replacing(template, at: path[...], with: value)
                        let body = try JSONSerialization.data(withJSONObject: webhook)
                        let status = try await client.execute(uri: "/webhook", method: .post, headers: signed(body),
                                                              body: ByteBuffer(bytes: Array(body))).status
                        #expect(status == .ok || status == .badRequest, "\(path) = \(String(describing: value).prefix(40)): \(status)")
                        posts += 1
                    }
                }
            }
            #expect(posts > 1_000)
            // Whatever was stored carries a believable time, and no customer has an impossible number.
            let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 10_000)
            #expect(!stored.isEmpty)
            for r in stored {
                #expect(abs(r.message.createdAt.timeIntervalSince(Self.now)) < WireTime.tolerance, "\(r.message.createdAt)")
            }
            for c in try await store.conversations(state: nil, for: nil) {
                if let p = c.customer.phone { #expect((7...15).contains(p.digits.count)) }
            }
        }
    }

    @Test func impossibleTimestampsAreReplacedByTheReceiveTimeAndNoted() async throws {
        try await withRouter { client, store in
            for (i, stamp) in ["1e20", "nan", "inf", "-1e20", "9.3e15"].enumerated() {
                let body = WebhookPayloads.encode([
                    "object": "whatsapp_business_account",
                    "entry": [["id": "1", "changes": [["field": "messages", "value": [
                        "contacts": [["profile": ["name": "Budi"], "wa_id": "6281234567890"]],
                        "messages": [["from": "6281234567890", "id": "wamid.T\(i)", "timestamp": stamp, "type": "text", "text": ["body": "t\(i)"]]],
                        "statuses": [["id": "wamid.none", "status": "read", "timestamp": stamp, "recipient_id": "6281234567890"]],
                    ]]]]],
                ])
                let status = try await client.execute(uri: "/webhook", method: .post, headers: signed(body), body: ByteBuffer(bytes: Array(body))).status
                #expect(status == .ok, "\(stamp)")
            }
            let numeric = try JSONSerialization.data(withJSONObject: ["entry": [["changes": [["field": "user_preferences", "value": [
                "user_preferences": [["wa_id": "6281234567890", "value": "stop", "timestamp": 1e300]]]]]]]])
            #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(numeric), body: ByteBuffer(bytes: Array(numeric))).status == .ok)
            let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 10)
            #expect(stored.count == 5)
            #expect(stored.allSatisfy { abs($0.message.createdAt.timeIntervalSinceNow) < 60 })
            let notices = try await store.platformNotices(limit: 50, by: "rudi").map(\.detail)
            #expect(notices.contains { $0.contains("\"1e20\"") && $0.contains("receive time") })
        }
    }

    @Test func nulsAndOverlongIdsNeverCutOrFailADelivery() async throws {
        try await withRouter { client, store in
            let body = WebhookPayloads.messages([
                WebhookPayloads.text(wamid: "wamid.N\u{0}UL", from: "6281234567890", body: "OTP\u{0} jangan dibagikan"),
                WebhookPayloads.text(wamid: "wamid.LONGFROM", from: String(repeating: "6", count: 21_857), body: "siapa?"),
                WebhookPayloads.text(wamid: String(repeating: "w", count: 5_000), from: "6281234567890", body: "id terlalu panjang"),
            ], contacts: [("6281234567890", "Budi")], phoneNumberID: Secrets.phoneNumberID)
            for _ in 0..<2 {   // a redelivery is still answered 200, never 503 for ever
                #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(body), body: ByteBuffer(bytes: Array(body))).status == .ok)
            }
            let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 10)
            #expect(stored.count == 1)
            #expect(stored.first?.message.body == "OTP\u{2400} jangan dibagikan")
            #expect(stored.first?.message.wamid == "wamid.N\u{2400}UL")
            #expect(try await store.conversations(state: nil, for: nil).count == 1)
            let notices = try await store.platformNotices(limit: 50, by: "rudi").map(\.detail)
            #expect(notices.contains { $0.contains("wamid.LONGFROM") && $0.contains("7 to 15 digits") })
            #expect(notices.contains { $0.contains("5000-byte id") })
        }
    }

    @Test func qualityRatingsAreOnlyMetasWords() async throws {
        try await withRouter { client, store in
            try await store.saveBusiness(BusinessProfile(name: "Bank", displayNumber: "+62 21 5000 1234", official: true))
            for rating in ["PURPLE\u{1B}[2J", "GREEN"] {
                let body = WebhookPayloads.encode(["entry": [["changes": [["field": "phone_number_quality_update",
                                                                            "value": ["new_quality_score": rating]]]]]])
                #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(body), body: ByteBuffer(bytes: Array(body))).status == .ok)
                if rating != "GREEN" { #expect(try await store.business()?.qualityRating != rating.uppercased()) }
            }
            #expect(try await store.business()?.qualityRating == "GREEN")
        }
    }

    @Test func unhandledChangesAreOneCappedNoticeNotTheAuditTrail() async throws {
        try await withRouter { client, store in
            let changes = (0..<25_000).map { _ in ["field": "calls", "value": [:]] as [String: Any] }
            let body = WebhookPayloads.encode(["entry": [["changes": changes]]])
            #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(body), body: ByteBuffer(bytes: Array(body))).status == .ok)
            let notices = try await store.platformNotices(limit: 10, by: "rudi")
            #expect(notices.count == 1 && notices.first?.repeats == 25_000 && notices.first?.detail == "unhandled webhook field calls")
            #expect(!(try await store.audit(conversation: nil, limit: 100, by: "rudi")).contains { $0.action == .platformNotice })
            // However many deliveries, the table keeps only the newest notices.
            for i in 0..<2_100 {
                let one = WebhookPayloads.encode(["entry": [["changes": [["field": "field_\(i)", "value": ["x": 1]]]]]])
                _ = try await client.execute(uri: "/webhook", method: .post, headers: signed(one), body: ByteBuffer(bytes: Array(one)))
            }
            let kept = try await store.platformNotices(limit: 5_000, by: "rudi")
            #expect(kept.count == 2_000 && kept.first?.detail == "unhandled webhook field field_2099")
        }
    }

    func withRouter(_ body: @escaping @Sendable (any TestClientProtocol, SQLiteStore) async throws -> Void) async throws {
        let store = try await makeStore()
        let gateway = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { client in try await body(client, store) }
        gateway.ownership.release()
    }
}

extension HostileWebhookTests {
    @Test func changesForAnotherNumberAreAcknowledgedCountedAndNotStored() async throws {
        let store = try await makeStore()
        let gateway = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { (client: any TestClientProtocol) async throws in
            let other = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.OTHER", from: "6281234567890", body: "salah nomor")],
                                                 contacts: [("6281234567890", "Budi")], phoneNumberID: "999999999999999")
            #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(other), body: ByteBuffer(bytes: Array(other))).status == .ok)
            #expect(try await store.exportMessages(ExportFilter(), after: 0, limit: 10).isEmpty)
            #expect(gateway.metrics.value("loket_webhook_other_number_changes_total") == 1)
            let ours = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.OURS", from: "6281234567890", body: "halo")],
                                                contacts: [("6281234567890", "Budi")], phoneNumberID: Secrets.phoneNumberID)
            #expect(try await client.execute(uri: "/webhook", method: .post, headers: signed(ours), body: ByteBuffer(bytes: Array(ours))).status == .ok)
            #expect(try await store.exportMessages(ExportFilter(), after: 0, limit: 10).count == 1)
        }
        gateway.ownership.release()
    }
}

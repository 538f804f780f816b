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
import LoketTestSupport
import Logging
import NIOCore

@Suite struct WebhookRouteTests {
    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, SQLiteStore, Gateway) async throws -> Void) async throws {
        let store = try await makeStore()
        let gateway = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { client in try await body(client, store, gateway) }
    }

    func textWebhook(_ wamid: String, from: String = "6281234567890", body: String = "Kartu ATM saya tertelan") -> Data {
        WebhookPayloads.messages([WebhookPayloads.text(wamid: wamid, from: from, body: body)], contacts: [(from, "Budi Santoso")],
                                 phoneNumberID: Secrets.phoneNumberID)
    }

    func post(_ client: any TestClientProtocol, headers: HTTPFields = [:], body: ByteBuffer) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/webhook", method: .post, headers: headers, body: body).status
    }

    @Test func verificationHandshake() async throws {
        try await withGateway { client, _, _ in
            let ok = try await client.execute(uri: "/webhook?hub.mode=subscribe&hub.verify_token=\(Secrets.verifyToken)&hub.challenge=1158201444", method: .get)
            #expect(ok.status == .ok && String(buffer: ok.body) == "1158201444")
            for q in ["hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=\(Secrets.verifyToken)&hub.challenge=1",
                      "hub.challenge=1", ""] {
                #expect(try await client.execute(uri: "/webhook?\(q)", method: .get).status == .forbidden, "\(q)")
            }
        }
    }

    @Test func refusedPostsStoreNothing() async throws {
        try await withGateway { client, store, _ in
            let payload = textWebhook("wamid.R1")
            let answer1 = try await post(client, body: ByteBuffer(bytes: Array(payload)))
            #expect(answer1 == .unauthorized)
            let wrong: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: WebhookSignature(appSecret: "nope").header(for: payload)]
            let answer2 = try await post(client, headers: wrong, body: ByteBuffer(bytes: Array(payload)))
            #expect(answer2 == .unauthorized)
            // Signed over other bytes (re-serialised JSON): refused.
            var tampered = payload; tampered.append(contentsOf: Array(" ".utf8))
            let answer3 = try await post(client, headers: signed(payload), body: ByteBuffer(bytes: Array(tampered)))
            #expect(answer3 == .unauthorized)
            let malformed = Data("{\"object\": ".utf8)
            let answer4 = try await post(client, headers: signed(malformed), body: ByteBuffer(bytes: Array(malformed)))
            #expect(answer4 == .badRequest)
            let huge = Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
            let answer5 = try await post(client, headers: signed(huge), body: ByteBuffer(bytes: Array(huge)))
            #expect(answer5 == .contentTooLarge)
            #expect(try await store.conversations(state: nil, for: nil).isEmpty)
            #expect(try await store.exportMessages(ExportFilter(), after: 0, limit: 10).isEmpty)
        }
    }

    @Test func validPostsAreStoredBeforeTheOK() async throws {
        try await withGateway { client, store, gateway in
            let payload = textWebhook("wamid.V1")
            let r = try await client.execute(uri: "/webhook", method: .post, headers: signed(payload), body: ByteBuffer(bytes: Array(payload)))
            #expect(r.status == .ok)
            // Committed by the time the 200 arrived.
            let c = try #require(try await store.queue(.waiting, for: "sari", limit: 5).first)
            #expect(c.customer.profileName == "Budi Santoso" && c.lastMessagePreview == "Kartu ATM saya tertelan")
            // Meta redelivers: nothing is duplicated.
            for _ in 0..<3 {
                let answer6 = try await post(client, headers: signed(payload), body: ByteBuffer(bytes: Array(payload)))
            #expect(answer6 == .ok)
            }
            #expect(try await store.exportMessages(ExportFilter(), after: 0, limit: 10).count == 1)
            #expect(gateway.metrics.value("loket_messages_ingested_total") == 1)
            #expect(gateway.metrics.value("loket_messages_redelivered_total") == 3)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(String(buffer: metrics.body).contains("loket_webhook_requests_total{code=\"200\"} 4"))
            #expect(String(buffer: metrics.body).contains("loket_outbox_depth 0"))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func everyMetaExampleIsStoredAndNoneFails() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LoketCloudAPITests/Fixtures/webhook-examples.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let examples = try root.mapValues { try JSONSerialization.data(withJSONObject: $0) }
        try await withGateway { client, store, _ in
            for (name, payload) in examples {
                let r = try await client.execute(uri: "/webhook", method: .post, headers: signed(payload), body: ByteBuffer(bytes: Array(payload)))
                #expect(r.status == .ok, "\(name)")
            }
            let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 100)
            let inbound = stored.filter { $0.message.direction == .inbound }
            // 13 message examples; several share a wamid (Meta's examples reuse ids), each stored once.
            let distinct = Set(inbound.map { $0.message.wamid })
            #expect(distinct.count == inbound.count)
            #expect(inbound.count >= 9)
            #expect(inbound.allSatisfy { !$0.message.body.isEmpty })
            #expect(!(try await store.platformNotices(limit: 50, by: "rudi")).isEmpty)
            #expect(!(try await store.audit(conversation: nil, limit: 50, by: "rudi")).contains { $0.action == .platformNotice })
        }
    }

    @Test func statusesAndAccountEventsByWebhook() async throws {
        try await withGateway { client, store, _ in
            let ref = try await openConversation(store)
            let m = try await store.reply(ref, by: "sari", text: "Baik, kami cek", replyTo: nil)
            let item = try #require(try await store.takeDueSends(now: Date(), limit: 1).first)
            try await store.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.OUT"), at: Date())
            for status in ["read", "delivered", "sent", "read"] {
                let payload = WebhookPayloads.status(wamid: "wamid.OUT", status: status, recipient: "6281234567890", phoneNumberID: Secrets.phoneNumberID)
                let answer6 = try await post(client, headers: signed(payload), body: ByteBuffer(bytes: Array(payload)))
            #expect(answer6 == .ok)
            }
            #expect(try await store.messages(in: m.conversationID, before: nil, limit: 10).first { $0.id == m.id }?.status == .read)

            try await store.saveBusiness(BusinessProfile(name: "Bank Nusantara", displayNumber: "+62 21 5000 1234", official: true))
            let quality = try JSONSerialization.data(withJSONObject: ["object": "whatsapp_business_account", "entry": [["id": "1", "changes": [
                ["field": "phone_number_quality_update", "value": ["event": "FLAGGED", "current_limit": "TIER_10K"]]]]]])
            let answer7 = try await post(client, headers: signed(quality), body: ByteBuffer(bytes: Array(quality)))
            #expect(answer7 == .ok)
            #expect(try await store.business()?.qualityRating == "RED")
            #expect(try await store.business()?.accountNote == "TIER_10K")
            let down = try JSONSerialization.data(withJSONObject: ["object": "whatsapp_business_account", "entry": [["id": "1", "changes": [
                ["field": "phone_number_quality_update", "value": ["event": "DOWNGRADE", "old_limit": "TIER_10K", "current_limit": "TIER_1K"]]]]]])
            #expect(try await post(client, headers: signed(down), body: ByteBuffer(bytes: Array(down))) == .ok)
            #expect(try await store.business()?.qualityRating == "RED", "a tier change leaves the quality alone")
            #expect(try await store.business()?.accountNote == "TIER_1K")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import NIOCore
import Testing

/// `user_changed_number` (docs/SPEC.md §9, the right customer): the customer and their history move to the new
/// number; it is not a message from them.
@Suite struct NumberChangeTests {
    @Test func aCustomersNewNumberCarriesTheirConversationLabelsAndHistory() async throws {
        let store = try await makeStore()
        let gateway = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { client in
            func post(_ payload: Data) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/webhook", method: .post, headers: signed(payload), body: ByteBuffer(bytes: Array(payload))).status
            }
            let hello = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.old.1", from: "6281234567890", body: "Halo, kartu saya")],
                                                 contacts: [("6281234567890", "Budi Santoso")], phoneNumberID: Secrets.phoneNumberID)
            #expect(try await post(hello) == .ok)
            let before = try await store.conversation(.customer(PhoneNumber(trustedDigits: "6281234567890")), for: nil)
            _ = try await store.setLabels(.id(before.id), add: ["vip"], remove: [], by: "sari")
            try await store.resolve(.id(before.id), by: "rudi")
            let moved = WebhookPayloads.messages([WebhookPayloads.message(
                type: "system", wamid: "wamid.sys.1", from: "6281234567890",
                payload: ["body": "User Budi changed from 6281234567890 to 6281299999999\u{200E}", "type": "user_changed_number",
                          "wa_id": "6281299999999"])], contacts: [("6281234567890", "Budi Santoso")], phoneNumberID: Secrets.phoneNumberID)
            #expect(try await post(moved) == .ok)
            let after = try await store.conversation(.customer(PhoneNumber(trustedDigits: "6281299999999")), for: nil)
            #expect(after.id == before.id && after.customer.labels == ["vip"])
            #expect(after.state == .resolved, "not a customer message: nothing reopens")
            await #expect(throws: NotFound.self) { _ = try await store.conversation(.customer(PhoneNumber(trustedDigits: "6281234567890")), for: nil) }
            let lines = try await store.messages(in: after.id, before: nil, limit: 20)
            #expect(lines.contains { $0.direction == .system && $0.body == "the customer's number changed from +6281234567890 to +6281299999999" })
            #expect(!lines.contains { $0.wamid == "wamid.sys.1" }, "the event is not stored as their message")
            // They write from the new number: the same conversation.
            let again = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.new.1", from: "6281299999999", body: "Ini nomor baru saya")],
                                                 contacts: [("6281299999999", "Budi Santoso")], phoneNumberID: Secrets.phoneNumberID)
            #expect(try await post(again) == .ok)
            #expect(try await store.conversation(.customer(PhoneNumber(trustedDigits: "6281299999999")), for: nil).id == before.id)
            #expect(try await store.conversations(state: nil, label: nil, for: nil).count == 1)
        }
    }
}

/// The business-scoped user id (docs/SPEC.md §9, the right customer): learnt beside the number, it finds the
/// same customer when a later webhook names only it.
@Suite struct UserIDTests {
    @Test func aWebhookNamingOnlyTheUserIDFindsTheSameCustomer() async throws {
        let store = try await makeStore()
        let gateway = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { client in
            func post(_ o: [String: Any]) async throws -> HTTPResponse.Status {
                let payload = try JSONSerialization.data(withJSONObject: ["object": "whatsapp_business_account", "entry": [["id": "1", "changes": [[
                    "field": "messages", "value": ["messaging_product": "whatsapp",
                                                   "metadata": ["display_phone_number": "622150001234", "phone_number_id": Secrets.phoneNumberID]]
                        .merging(o) { a, _ in a }]]]]])
                return try await client.execute(uri: "/webhook", method: .post, headers: signed(payload), body: ByteBuffer(bytes: Array(payload))).status
            }
            let now = String(Int(Date().timeIntervalSince1970))
            #expect(try await post([
                "contacts": [["profile": ["name": "Budi Santoso"], "wa_id": "6281234567890", "user_id": "ID.budi.1"]],
                "messages": [["from": "6281234567890", "id": "wamid.u.1", "timestamp": now, "type": "text", "text": ["body": "Halo"]]],
            ]) == .ok)
            #expect(try await post([
                "contacts": [["profile": ["name": "Budi Santoso"], "user_id": "ID.budi.1"]],
                "messages": [["from_user_id": "ID.budi.1", "id": "wamid.u.2", "timestamp": now, "type": "text", "text": ["body": "Masih saya"]]],
            ]) == .ok)
            let all = try await store.conversations(state: nil, label: nil, for: nil)
            #expect(all.count == 1, "\(all.map(\.customer))")
            #expect(all.first?.customer.userID == "ID.budi.1" && all.first?.customer.phone == PhoneNumber(trustedDigits: "6281234567890"))
            #expect(try await store.messages(in: try #require(all.first).id, before: nil, limit: 10).filter { $0.direction == .inbound }.count == 2)
        }
    }
}

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

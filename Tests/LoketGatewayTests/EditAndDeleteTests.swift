import Foundation
import LoketCloudAPI
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// docs/SPEC.md §9: a customer's edit or deletion changes the message in place, marked; the original text stays in
/// the store, the audit trail and `export`; neither reopens, requeues or restarts the clock; order does not matter.
@Suite struct EditAndDeleteTests {
    let pid = "106540352242922"
    let budi = "6281234567890"

    func webhook(_ messages: [[String: Any]]) throws -> InboundBatch {
        try WebhookDecoder.decode(WebhookPayloads.messages(messages, contacts: [(budi, "Budi Santoso")], phoneNumberID: pid))
    }

    func edit(_ wamid: String, of target: String, to text: String, at: Date) -> [String: Any] {
        WebhookPayloads.message(type: "edit", wamid: wamid, from: budi,
                                payload: ["original_message_id": target, "message": ["type": "text", "text": ["body": text]]], at: at)
    }

    func revoke(_ wamid: String, of target: String, at: Date) -> [String: Any] {
        WebhookPayloads.message(type: "revoke", wamid: wamid, from: budi, payload: ["original_message_id": target], at: at)
    }

    func text(_ wamid: String, _ body: String, at: Date) -> [String: Any] {
        WebhookPayloads.message(type: "text", wamid: wamid, from: budi, payload: ["body": body], at: at)
    }

    func store() async throws -> SQLiteStore {
        let s = try SQLiteStore(path: ScratchDirectory.make("edits") + "/loket.db")
        try await s.addAgent(login: "sari", name: "Sari", role: .supervisor, capacity: 5)
        return s
    }

    @Test func theDecoderGivesTheNewTextAndTheTarget() throws {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let b = try webhook([edit("wamid.E1", of: "wamid.A", to: "Transfer Rp 250.000 gagal", at: t), revoke("wamid.D1", of: "wamid.B", at: t)])
        #expect(b.messages.map(\.kind.rawValue) == ["edit", "revoke"])
        #expect(b.messages[0].body == "Transfer Rp 250.000 gagal" && b.messages[0].replyTo == "wamid.A")
        #expect(b.messages[1].body == "" && b.messages[1].replyTo == "wamid.B")
    }

    @Test func anEditChangesTheMessageInPlaceAndKeepsTheOriginal() async throws {
        let s = try await store()
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await s.ingest(try webhook([text("wamid.A", "Transfer Rp 25.000 gagal", at: t), text("wamid.B", "kartu saya diblokir", at: t)]))
        try await s.claim(.id(1), by: "sari")
        try await s.resolve(.id(1), by: "sari")
        let before = try await s.conversation(.id(1), for: "sari")
        let r = try await s.ingest(try webhook([edit("wamid.E1", of: "wamid.A", to: "Transfer Rp 250.000 gagal", at: t.addingTimeInterval(60)),
                                                revoke("wamid.D1", of: "wamid.B", at: t.addingTimeInterval(70))]))
        #expect(r.revisions == 2 && r.stored == 0)
        // Not new messages: the resolved chat stays resolved, nothing waits, nothing was added to the history.
        let after = try await s.conversation(.id(1), for: "sari")
        #expect(after.state == .resolved && after.waitingSince == before.waitingSince && after.lastMessageAt == before.lastMessageAt)
        let history = try await s.messages(in: 1, before: nil, limit: 20).filter { $0.direction == .inbound }
        #expect(history.count == 2)
        let a = try #require(history.first { $0.wamid == "wamid.A" })
        #expect(a.edited && !a.deleted && a.body == "Transfer Rp 250.000 gagal" && a.originalBody == "Transfer Rp 25.000 gagal")
        let b = try #require(history.first { $0.wamid == "wamid.B" })
        #expect(b.deleted && !b.edited && b.body == "kartu saya diblokir", "a deleted message's text stays in the store")
        // The audit trail keeps the text before each change.
        let audit = try await s.audit(conversation: 1, limit: 10, by: "sari")
        #expect(audit.contains { $0.action == .customerEdit && $0.detail == "Transfer Rp 25.000 gagal" })
        #expect(audit.contains { $0.action == .customerDelete && $0.detail == "kartu saya diblokir" })
        // A redelivered edit changes nothing more.
        let again = try await s.ingest(try webhook([edit("wamid.E1", of: "wamid.A", to: "Transfer Rp 250.000 gagal", at: t.addingTimeInterval(60))]))
        #expect(again.revisions == 0 && again.duplicates == 1)
        // Export: the latest text, the first one, and both marks.
        let records = try await s.exportMessages(ExportFilter(), after: 0, limit: 20)
        let exported = try #require(records.first { $0.message.wamid == "wamid.A" })
        #expect(exported.message.edited && exported.message.originalBody == "Transfer Rp 25.000 gagal")
        #expect(records.first { $0.message.wamid == "wamid.B" }?.message.deleted == true)
    }

    @Test func anEditThatArrivesBeforeItsMessageIsAppliedWhenTheMessageComes() async throws {
        let s = try await store()
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await s.ingest(try webhook([edit("wamid.E2", of: "wamid.C", to: "nomor rekening 123-456", at: t.addingTimeInterval(5))]))
        #expect(try await s.conversations(state: nil, for: nil).isEmpty, "an edit alone opens no conversation")
        _ = try await s.ingest(try webhook([text("wamid.C", "nomor rekening 123-465", at: t)]))
        let c = try #require(try await s.messages(in: 1, before: nil, limit: 5).first { $0.wamid == "wamid.C" })
        #expect(c.edited && c.body == "nomor rekening 123-456" && c.originalBody == "nomor rekening 123-465")
        // Later edits win over earlier ones, whatever order they come in.
        _ = try await s.ingest(try webhook([edit("wamid.E4", of: "wamid.C", to: "nomor rekening 123-999", at: t.addingTimeInterval(9)),
                                            edit("wamid.E3", of: "wamid.C", to: "nomor rekening 123-777", at: t.addingTimeInterval(7))]))
        #expect(try await s.messages(in: 1, before: nil, limit: 5).first { $0.wamid == "wamid.C" }?.body == "nomor rekening 123-999")
    }
}

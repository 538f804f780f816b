import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// docs/SPEC.md §9 in the conversation pane: an edited message shows its new text with what it first said above
/// it; a deleted one stays readable, marked; both arrive live, in both languages.
@MainActor @Suite struct EditedMessageConsoleTests {
    func change(_ f: ConsoleFixture, _ kind: String, _ wamid: String, of target: String, body: String) async throws {
        try await f.store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: wamid, from: .phone(PhoneNumber(trustedDigits: "6281122334455")), profileName: "Siti Rahma",
                           timestamp: f.clock.date, kind: MessageKind(rawValue: kind), body: body, replyTo: target),
        ]))
    }

    @Test func editsAndDeletionsShowInPlaceAndLive() async throws {
        let f = try await ConsoleFixture()
        let sari = try await f.console(agent: "sari", width: 100, height: 30)
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        #expect(sari.text.contains("Sudah bisa, terima kasih!"))
        let start = try await f.store.latestChange()
        try await change(f, "edit", "w.siti.e1", of: "w.siti.3", body: "Sudah bisa login, terima kasih banyak!")
        try await change(f, "revoke", "w.siti.d1", of: "w.siti.1", body: "")
        await sari.controller.apply(try await f.store.changes(after: start, limit: 100))
        sari.draw()
        #expect(sari.text.contains("Sudah bisa login, terima kasih banyak!"))
        // The marks wrap rather than cut what the message first said.
        #expect(sari.text.contains("✎ edited; it first said: Sudah") && sari.text.contains("terima kasih!"))
        #expect(sari.text.contains("🗑 deleted by the customer"))
        #expect(sari.text.contains("Aplikasi mobile banking tidak bisa login"), "the deleted text stays readable")
        // Nothing new waits: the queue still has Siti under sari, not in Waiting.
        await sari.press(.char("1"))
        #expect(!sari.text.contains("Siti Rahma"))
    }

    @Test func theMarksAreInBahasaIndonesia() async throws {
        let f = try await ConsoleFixture()
        var settings = ConsoleFixture.settings
        settings.language = .id
        let sari = try await f.console(agent: "sari", width: 100, height: 30, settings: settings)
        try await change(f, "edit", "w.siti.e1", of: "w.siti.3", body: "Sudah bisa login")
        try await change(f, "revoke", "w.siti.d1", of: "w.siti.1", body: "")
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        #expect(sari.text.contains("✎ diedit; semula: Sudah bisa, terima") && sari.text.contains("kasih!"))
        #expect(sari.text.contains("🗑 dihapus nasabah (teks di bawah adalah") && sari.text.contains("isinya)"))
    }
}

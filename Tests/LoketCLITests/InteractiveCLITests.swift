import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import Testing

/// `loket reply --button` / `--list-button --row`: reply buttons and lists, Meta's limits checked first (65).
@Suite struct InteractiveCLITests {
    @Test func buttonsAndListsAreQueuedAndBadOnesChangeNothing() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        var r = try await h.runAsync("reply", "1", "--agent", "sari", "--text", "Seberapa puas Anda?", "--button", "Puas", "--button", "Biasa",
                                     "--button", "Kurang")
        #expect(r.status == 0, "\(r.err)")
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--text", "Ada yang bisa kami bantu?", "--list-button", "Pilih",
                                 "--row", "Kartu ATM::Blokir atau ganti", "--row", "Transfer", "--footer", "Bank Nusantara")
        #expect(r.status == 0, "\(r.err)")
        let depth = try await store.outboxStats(now: Date()).depth
        // Meta's limits and the flags' pairing: one line, exit 65, nothing queued.
        for args in [["--text", "x", "--button", "Sangat puas sekali hari ini"],
                     ["--text", "x", "--button", "a", "--button", "b", "--button", "c", "--button", "d"],
                     ["--text", "x", "--row", "Transfer"],
                     ["--button", "Ya"],
                     ["--text", "x", "--button", "Ya", "--list-button", "Pilih"]] {
            r = try h.run(args: ["reply", "1", "--agent", "sari"] + args)
            #expect(r.status == 65 && r.err.split(separator: "\n").count == 1, "\(args): \(r.status) \(r.err)")
        }
        #expect(try await store.outboxStats(now: Date()).depth == depth)
        let sends = try await store.takeDue(now: Date(), limit: 10).compactMap { item -> InteractiveMessage? in
            if case .interactive(let m, _) = item.payload { return m } else { return nil }
        }
        #expect(sends == [.buttons(["Puas", "Biasa", "Kurang"], body: "Seberapa puas Anda?"),
                          .list(button: "Pilih", rows: ["Kartu ATM::Blokir atau ganti", "Transfer"], body: "Ada yang bisa kami bantu?",
                                footer: "Bank Nusantara")])
    }
}

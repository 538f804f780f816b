import Foundation
import Testing
import LoketDomain
import LoketPostgres
import LoketStore
import LoketTestSupport

/// Two agents at two real consoles on one PostgreSQL store (SPEC 13), each connecting as their own role, at a small
/// and a large terminal: a claim, a reply in Indonesian with an emoji to a customer who writes in Chinese, all live on
/// the other console; the reply is stored in the name of the role that connected.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct PostgresConsolesTests {
    @Test(.timeLimit(.minutes(2)))
    func twoRolesAtTwoSizesSeeEachOthersWorkLive() async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let admin = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        try await RealTerminalTests.seed(admin)
        let dir = ScratchDirectory.make("tmux-pg")
        try "[business]\nname = \"Bank Nusantara\"\ndisplay_number = \"+62 21 5000 1234\"\nofficial = true\n"
            .write(toFile: dir + "/loket.toml", atomically: true, encoding: .utf8)
        func env(_ agent: String) -> [String: String] {
            ["LOKET_STORE": cluster.url(database: db, user: agent), "LOKET_CONFIG": dir + "/loket.toml", "LOKET_AGENT": agent,
             "LOKET": LoketBinary.path, "HOME": dir]
        }
        let sari = try TmuxSession(width: 60, height: 16, environment: env("sari"))
        let rudi = try TmuxSession(width: 120, height: 36, environment: env("rudi"))
        sari.send("\"$LOKET\" console", enter: true)
        rudi.send("\"$LOKET\" console", enter: true)
        #expect(await rudi.waitFor("Bank Nusantara ✔ Official"), "\(rudi.screen)")
        #expect(await rudi.waitFor("rudi (supervisor)"), "\(rudi.screen)")
        #expect(await sari.waitFor("Waiting 1"), "\(sari.screen)")
        #expect(await rudi.waitFor("2 online"), "presence from both roles: \(rudi.screen)")

        // sari claims 王伟 on the small screen; rudi's Waiting tab empties without a keypress.
        #expect(await rudi.waitFor("Waiting 1"))
        sari.send("c")
        #expect(await sari.waitFor("claimed 王伟"), "\(sari.screen)")
        #expect(await rudi.waitFor("Waiting 0"), "the claim reached the other console: \(rudi.screen)")

        // She answers; rudi, viewing the chat on the large screen, sees it arrive.
        rudi.send("3")
        #expect(await rudi.waitFor("All 2"))
        #expect(await rudi.select("王伟"))
        #expect(await rudi.waitFor("我们的转账一直没有到账"), "\(rudi.screen)")
        sari.key("Enter")
        sari.send("Mohon ditunggu 🙏")
        sari.key("Enter")
        #expect(await rudi.waitFor("Mohon ditunggu 🙏"), "the reply reached the other console: \(rudi.screen)")
        // Her pane is 28 columns wide: the reply wraps, the emoji on its own line.
        #expect(await sari.waitFor { $0.contains("sari     Mohon") && $0.contains("ditunggu") && $0.contains("🙏") }, "\(sari.screen)")

        // Stored in the name of the role that connected.
        let wang = try await admin.conversation(.customer(PhoneNumber(trustedDigits: "8613800138000")), for: nil)
        let reply = try await admin.messages(in: wang.id, before: nil, limit: 10).first { $0.body == "Mohon ditunggu 🙏" }
        #expect(reply?.agent == "sari", "\(String(describing: reply))")

        sari.key("Escape")
        #expect(await sari.waitFor("? help"), "\(sari.screen)")
        sari.send("q")
        #expect(await rudi.waitFor(8, { $0.contains("1 online") }), "\(rudi.screen)")
        rudi.send("q")
        #expect(await rudi.waitFor { !$0.contains("Bank Nusantara ✔") })
    }
}

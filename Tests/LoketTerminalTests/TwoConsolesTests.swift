import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// Two agents at two real consoles on one store: what one does shows up on the other without a keypress.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct TwoConsolesTests {
    @Test func claimReassignReplyAndTypingShowOnTheOtherConsole() async throws {
        let (dir, store) = try await RealTerminalTests.seededStore()
        try await store.addAgent(login: "budi", name: "Budi Prakoso", role: .agent, capacity: 6)
        var sariEnv = RealTerminalTests.env(dir); sariEnv["LOKET_AGENT"] = "sari"
        var rudiEnv = RealTerminalTests.env(dir); rudiEnv["LOKET_AGENT"] = "rudi"
        let sari = try TmuxSession(width: 130, height: 30, environment: sariEnv)
        let rudi = try TmuxSession(width: 130, height: 30, environment: rudiEnv)
        sari.send("\"$LOKET\" console", enter: true)
        rudi.send("\"$LOKET\" console", enter: true)
        #expect(await sari.waitFor("sari (agent)"))
        #expect(await rudi.waitFor("rudi (supervisor)"))
        #expect(await rudi.waitFor("2 online"), "presence: both consoles count")

        // sari claims 王伟 (the only waiting chat); rudi's Waiting tab empties without a keypress.
        #expect(await rudi.waitFor("Waiting 1"))
        sari.send("c")
        #expect(await sari.waitFor("claimed 王伟"))
        #expect(await rudi.waitFor("Waiting 0"), "the claim reached the other console")

        // sari starts typing in it; rudi, viewing it, sees the indicator.
        rudi.send("3")
        #expect(await rudi.waitFor("All 2"))
        #expect(await rudi.select("王伟"))
        sari.key("Enter")
        sari.send("Mohon ditunggu ya")
        #expect(await rudi.waitFor("sari is typing here"), "typing indicator")
        sari.key("Enter")
        #expect(await rudi.waitFor("Mohon ditunggu ya"), "the reply reached the other console")
        #expect(await rudi.waitFor { !$0.contains("sari is typing here") }, "the indicator clears")

        // rudi reassigns it to budi with a reason; sari's Mine tab loses it.
        rudi.send("a")
        #expect(await rudi.waitFor("Assign to"))
        #expect(await rudi.select("budi"))
        rudi.key("Enter")
        #expect(await rudi.waitFor("Reason for moving it to budi"))
        rudi.send("sari istirahat")
        rudi.key("Enter")
        #expect(await rudi.waitFor("assigned to budi"))
        #expect(await sari.waitFor("reassigned the conversation from sari to budi"), "reassignment shown live")

        // sari leaves the composer (it stays open after a send) and quits: rudi's header drops to 1 online.
        sari.key("Escape")
        #expect(await sari.waitFor("? help"), "the composer is left")
        sari.send("q")
        #expect(await rudi.waitFor(8, { $0.contains("1 online") }))
        rudi.send("q")
    }
}

import Foundation
import Testing
import LoketTestSupport

/// Ctrl-Z gives the shell back; `fg` brings the console back whole (every cell redrawn).
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct SuspendTests {
    @Test func ctrlZThenFgRestoresAnIntactScreen() async throws {
        let (dir, _) = try await RealTerminalTests.seededStore()
        let t = try TmuxSession(width: 110, height: 24, environment: RealTerminalTests.env(dir))
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        #expect(await t.waitFor("王伟"))
        let before = t.screen
        t.key("C-z")
        #expect(await t.waitFor("Stopped"), "the shell has the terminal: \(t.screen)")
        t.send("echo SHELL-WAS-HERE", enter: true)
        #expect(await t.waitFor("SHELL-WAS-HERE\n"))
        t.send("fg", enter: true)
        #expect(await t.waitFor { $0.contains("Bank Nusantara ✔ Official") && !$0.contains("SHELL-WAS-HERE") }, "\(t.screen)")
        #expect(await t.waitFor { Self.sameLayout($0, before) }, "the screen is as it was:\n\(t.screen)\n---\n\(before)")
        // Still live: keys work after fg, and q gives a usable shell.
        t.send("?")
        #expect(await t.waitFor("Help"))
        t.key("Escape")
        // (Esc then q at once would read as Alt-q.)
        #expect(await t.waitFor { !$0.contains("Help —") })
        t.send("q")
        #expect(await RealTerminalTests.shellIsUsable(t))
    }

    @Test func theComposerHandsTheDraftToTheEditorAndTakesItBack() async throws {
        let (dir, _) = try await RealTerminalTests.seededStore()
        var env = RealTerminalTests.env(dir)
        env["EDITOR"] = "sed -i s/^/EDITED-/"
        let t = try TmuxSession(width: 110, height: 24, environment: env)
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.send("2")
        #expect(await t.select("Budi Santoso"))
        t.key("Enter")
        #expect(await t.waitFor("0/4096"))
        t.send("halo")
        #expect(await t.waitFor("halo"))
        t.key("C-x")
        #expect(await t.waitFor("EDITED-halo"), "\(t.screen)")
        #expect(await t.waitFor("Bank Nusantara ✔ Official"), "redrawn after the editor")
        t.key("Escape")
        #expect(await t.waitFor("? help"), "the composer is left")
        t.send("q")
        #expect(await RealTerminalTests.shellIsUsable(t))
    }

    /// Equal apart from countdowns and ages that move with the clock (digits).
    static func sameLayout(_ a: String, _ b: String) -> Bool {
        func shape(_ s: String) -> String { String(s.map { $0.isNumber ? "0" : $0 }) }
        return shape(a) == shape(b)
    }
}

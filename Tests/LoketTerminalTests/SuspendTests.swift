import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
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

    /// `o` on a customer's photo with `$LOKET_OPENER` set: the viewer gets the terminal and the file's path, and
    /// when it ends the console is back, intact.
    @Test func theOpenerGetsTheTerminalAndTheConsoleComesBackIntact() async throws {
        let (dir, store) = try await RealTerminalTests.seededStore()
        let photo = dir + "/loket.db.media/struk.png"
        try FileManager.default.createDirectory(atPath: dir + "/loket.db.media", withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: photo))
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "w.photo", from: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi Santoso", timestamp: Date(),
            kind: "image", body: "[image] struk ATM", media: MessageMedia(kind: .image, mediaID: "77", mimeType: "image/png"))]))
        let id = try #require(try await store.messages(in: 1, before: nil, limit: 10).last?.id)
        try await store.recordMediaFetch(messageID: id, outcome: .stored(file: photo, size: 4, mimeType: "image/png", sha256: "00"), at: Date())
        var env = RealTerminalTests.env(dir)
        // A viewer that shows the path and waits for Enter (the session has no $DISPLAY: env -i).
        try "#!/bin/sh\necho VIEWING \"$1\"\nread line\n".write(toFile: dir + "/viewer.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/viewer.sh", 0o755)
        env["LOKET_OPENER"] = dir + "/viewer.sh"
        let t = try TmuxSession(width: 110, height: 24, environment: env)
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("Bank Nusantara ✔ Official"))
        t.send("2")
        #expect(await t.select("Budi Santoso"))
        t.key("Tab")
        t.send("k")
        #expect(await t.waitFor("📎 photo · 4 B · o opens"), "\(t.screen)")
        // Read once the pane has it: the unread marker leaves the row.
        #expect(await t.waitFor { !$0.contains("●1") })
        let before = t.screen
        t.send("o")
        #expect(await t.waitFor("VIEWING \(photo)"), "the viewer has the terminal: \(t.screen)")
        #expect(!t.screen.contains("Bank Nusantara ✔ Official"))
        t.key("Enter")
        #expect(await t.waitFor { Self.sameLayout($0, before) }, "the screen is as it was:\n\(t.screen)\n---\n\(before)")
        t.send("q")
        #expect(await RealTerminalTests.shellIsUsable(t))
    }

    /// Equal apart from countdowns and ages that move with the clock (digits).
    static func sameLayout(_ a: String, _ b: String) -> Bool {
        func shape(_ s: String) -> String { String(s.map { $0.isNumber ? "0" : $0 }) }
        return shape(a) == shape(b)
    }
}

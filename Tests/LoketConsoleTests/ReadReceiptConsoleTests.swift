import Foundation
import LoketConsole
import LoketDomain
import LoketStore
import TermCore
import Testing

/// docs/SPEC.md §9 in the console: looking never gives blue ticks; the holder's `m`, typing (with Meta's typing
/// indicator, at most every 20 s) and `read_receipts = "on_open"` do.
@MainActor @Suite struct ReadReceiptConsoleTests {
    func receipts(_ f: ConsoleFixture) async throws -> [OutboxPayload] {
        try await f.store.takeDue(now: f.clock.date, limit: 20).map(\.payload)
    }

    @Test func aSupervisorReadingAlongGivesNoTicksAndCannotMarkRead() async throws {
        let f = try await ConsoleFixture()
        let rudi = try await f.console(agent: "rudi")
        await rudi.press(.char("3"))
        #expect(await rudi.select("Siti Rahma"))
        await rudi.press(.tab)
        await rudi.press(.char("m"))
        #expect(rudi.text.contains("only sari, who holds this conversation, marks it read for the customer"))
        #expect(try await receipts(f).isEmpty)
    }

    @Test func theHoldersKeyAndTypingGiveTicksAndTheIndicator() async throws {
        let f = try await ConsoleFixture()
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        await sari.press(.tab)
        #expect(try await receipts(f).isEmpty, "opening it is not reading it for the customer (on_reply)")
        await sari.press(.char("m"))
        #expect(sari.text.contains("marked read for the customer"))
        #expect(try await receipts(f) == [.markRead(wamid: "w.siti.3")])
        await sari.press(.char("m"))
        #expect(sari.text.contains("nothing new to mark read"))
        // Typing a reply: the indicator once, not per key; again after 20 s of typing.
        await sari.press(.enter)
        await sari.type("Baik Kak")
        #expect(try await receipts(f) == [.markRead(wamid: "w.siti.3", typing: true)])
        f.clock.advance(ReadReceipts.typingRefresh)
        await sari.type(", kami")
        #expect(try await receipts(f) == [.markRead(wamid: "w.siti.3", typing: true)])
        // A note never tells the customer anything.
        await sari.press(.escape)
        await sari.press(.char("n"))
        await sari.type("cek lagi")
        f.clock.advance(ReadReceipts.typingRefresh)
        await sari.type(" besok")
        #expect(try await receipts(f).isEmpty)
    }

    @Test func onOpenMarksReadWhenTheHolderOpensIt() async throws {
        let f = try await ConsoleFixture()
        var settings = ConsoleFixture.settings
        settings.readReceipts = .onOpen
        let sari = try await f.console(agent: "sari", settings: settings)
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        await sari.press(.tab)
        #expect(try await receipts(f) == [.markRead(wamid: "w.siti.3")])
        let rudi = try await f.console(agent: "rudi", settings: settings)
        await rudi.press(.char("3"))
        #expect(await rudi.select("John Miller"))
        await rudi.press(.tab)
        #expect(try await receipts(f).isEmpty, "on_open is the holder's opening, not a supervisor's")
    }
}

import Foundation
import GRDB
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Another process holding the store's write lock (a long claim, an import) must not freeze the console:
/// its writes wait off the event loop while keys and drawing go on, and it says the store is busy.
@MainActor
@Suite struct StoreBusyTests {
    @Test func aWriteLockHeldElsewhereNeverStopsKeysOrDrawing() async throws {
        let f = try await ConsoleFixture()
        let s = try await f.console()
        let c = s.controller
        #expect(s.isSelected("Budi Santoso"))
        // Another connection to the file takes the write lock and keeps it (the store would wait 60 s for it).
        let other = try holdWriteLock(f.path)
        defer { try? other.inDatabase { try $0.execute(sql: "ROLLBACK") } }

        // A heartbeat is due on this tick, then the agent claims Budi: both writes wait for the lock.
        f.clock.advance(11)
        #expect(await finishes(within: .seconds(5)) { await c.tick(); await c.handle(.char("c")) }, "tick and claim return at once")
        #expect(await eventually(within: .seconds(5)) { s.draw(); return s.text.contains("store busy… claim waiting") },
                "the footer says the store is busy")
        // Still responsive: moving reads the store (readers never wait for the writer); another write is refused.
        #expect(await finishes(within: .seconds(5)) { await c.handle(.char("j")); await c.handle(.char("r")); await c.handle(.char("y")) })
        s.draw()
        #expect(s.isSelected("Ani Wijaya"))
        #expect(s.text.contains("store busy… resolve not started: the claim has not finished"))
        // q quits at once, and leaving gives up on the stuck writes.
        #expect(await finishes(within: .seconds(2)) { await c.handle(.char("q")) })
        #expect(c.quitRequested)
        #expect(await finishes(within: .seconds(3)) { await c.leave() }, "leave() does not wait for a stuck write")

        // The lock goes: the waiting claim is written and its result applied.
        try other.inDatabase { try $0.execute(sql: "ROLLBACK") }
        #expect(await finishes(within: .seconds(10)) { await c.settle() })
        s.draw()
        let budi = try await f.store.conversation(.customer(PhoneNumber(trustedDigits: "6281234567890")), for: nil)
        #expect(budi.assignee == "sari")
        #expect(s.text.contains("claimed Budi Santoso") && !s.text.contains("store busy"))
    }

    @Test func theLoopDrawsAndQuitsWhileAClaimWaits() async throws {
        let f = try await ConsoleFixture()
        let terminal = InMemoryTerminal(width: 120, height: 32)
        let loop = ConsoleLoop(controller: try await f.controller(), terminal: terminal, store: f.store)
        let (input, keysWaiting) = AsyncStream<Void>.makeStream()
        let ended = Flag()
        Task { await loop.run(input: input); ended.value = true }
        #expect(await eventually(within: .seconds(10)) { terminal.text.contains("▶ 7m    Budi Santoso") }, "\(terminal.text)")
        let other = try holdWriteLock(f.path)
        defer { try? other.inDatabase { try $0.execute(sql: "ROLLBACK") } }

        terminal.type(.char("c"))
        keysWaiting.yield()
        #expect(await eventually(within: .seconds(15)) { terminal.text.contains("store busy… claim waiting") }, "\(terminal.text)")
        terminal.type(.char("j"))
        keysWaiting.yield()
        #expect(await eventually(within: .seconds(15)) { terminal.text.contains("▶ 2m    Ani Wijaya") }, "keys still move the selection")
        terminal.type(.char("q"))
        keysWaiting.yield()
        // Deadlines well under the claim's 60 s busy timeout, generous for a machine busy with the rest of the suite.
        #expect(await eventually(within: .seconds(15)) { ended.value }, "q ends the loop while the claim (60 s busy timeout) still waits")
    }

    /// Another connection to the store file takes the write lock and keeps it until it rolls back.
    func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        // The console may be writing (its heartbeat, a read marker) at this very moment: wait for it.
        config.busyMode = .timeout(10)
        let other = try DatabaseQueue(path: path, configuration: config)
        try other.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        return other
    }

    /// Runs `body` and waits for it at most `limit`: false, instead of a hang, when it is still running.
    func finishes(within limit: Duration, _ body: @escaping @MainActor () async -> Void) async -> Bool {
        let done = Flag()
        Task { await body(); done.value = true }
        let deadline = ContinuousClock.now + limit
        while !done.value && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return done.value
    }

    /// Polls `condition` until it holds or `limit` passes.
    func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

@MainActor
private final class Flag { var value = false }

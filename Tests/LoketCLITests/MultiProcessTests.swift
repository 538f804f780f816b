import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// Several `loket` processes on one store file at once.
@Suite struct MultiProcessTests {
    @Test func eightProcessesClaimAtOnceAndExactlyOneWins() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let logins = (1...8).map { "agent\($0)" }
        for l in logins { try await store.addAgent(login: l, name: l.capitalized, role: .agent, capacity: 5) }

        let started = try logins.map { try h.start(["assign", "1", "--to", $0, "--by", $0]) }
        let results = started.map(CLIHarness.finish)
        let winners = zip(logins, results).filter { $0.1.status == 0 }
        #expect(winners.count == 1, "\(results.map { ($0.status, $0.err) })")
        let winner = try #require(winners.first?.0)
        let losers = results.filter { $0.status != 0 }
        #expect(losers.count == 7)
        for r in losers {
            #expect(r.status == 69)
            #expect(r.err == "loket: refused: already claimed by \(winner)\n")
        }
        let c = try await store.conversation(.id(1), for: nil)
        #expect(c.assignee == winner && c.state == .open)
        #expect(try await store.audit(conversation: 1, limit: 10, by: "rudi").filter { $0.action == .claim }.count == 1)
    }

    @Test func concurrentWritersNeverSeeABusyError() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        // Four processes, each adding notes as fast as it can while the others do the same.
        let script = (1...15).map { "\"$L\" note 1 --agent sari --text \"note $W-\($0)\" || exit 1" }.joined(separator: "\n")
        let started = try (1...4).map { w -> Subprocess in
            var env = ProcessInfo.processInfo.environment
            env["L"] = CLIHarness.binary; env["W"] = "\(w)"; env["LOKET_STORE"] = h.store; env["LOKET_CONFIG"] = h.config
            return try Subprocess("/bin/sh", ["-c", script], environment: env)
        }
        for p in started { let status = p.waitUntilExit(); #expect(status == 0, "\(p.stderr)") }
        let notes = try h.run("export").out.jsonLines.filter { $0["direction"] as? String == "note" }
        #expect(notes.count == 60)
        #expect(Set(notes.compactMap { $0["body"] as? String }).count == 60)
    }
}

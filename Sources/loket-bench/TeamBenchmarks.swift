import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore

/// `team.propagation`: a write by one process (a webhook stored, a claim) until it is in another console's
/// screen model, p50/p99 over N events; `team.idle_cpu`: what an idle console spends watching for changes.
@MainActor
struct TeamBenchmarks {
    let dir: String
    let events: Int
    /// The results' prefix (`team`, or `postgres` for the same measure on PostgreSQL).
    var prefix = "team"
    /// How the feed learns of a change, for the results' detail.
    var wakes = "the feed wakes on inotify events on the WAL, as the console's does"
    /// The console's store and the writer's (another instance: its own connections, like another process); nil: SQLite.
    var stores: (@Sendable () async throws -> (console: any LoketStore, writer: any LoketStore))?

    func run() async throws -> [BenchResult] {
        let (consoleStore, writer) = try await (stores ?? sqliteStores)()
        try await consoleStore.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 50)
        try await consoleStore.addAgent(login: "sari", name: "Sari", role: .agent, capacity: 1000)
        let me = try await consoleStore.agent(login: "rudi")!
        let controller = ConsoleController(store: consoleStore, me: me, theme: ThemeLoader.defaultTheme())
        let terminal = InMemoryTerminal(width: 160, height: 45)
        let loop = ConsoleLoop(controller: controller, terminal: terminal, store: consoleStore)
        let running = Task { await loop.run(input: nil) }
        try await Task.sleep(nanoseconds: 300_000_000)

        // Idle: nothing happens for 5 s; the console's feed waits on file events (a safety-net look each second) and ticks.
        let cpu0 = processCPU(), wall0 = Clock.now()
        try await Task.sleep(nanoseconds: 5_000_000_000)
        let idle = (processCPU() - cpu0) / (Clock.now() - wall0) * 100

        var latencies: [Double] = []
        for i in 0..<events {
            let number = "62877\(String(format: "%07d", i))"
            let t = Clock.now()
            if i % 2 == 0 {
                try await writer.ingest(InboundBatch(messages: [InboundMessage(
                    wamid: "w.team.\(i)", from: .phone(PhoneNumber(trustedDigits: number)), profileName: "Tamu \(i)",
                    timestamp: Date(), kind: .text, body: "pesan \(i)")]))
                while !controller.state.rows.contains(where: { $0.customer.phone?.digits == number }) {
                    try await Task.sleep(nanoseconds: 200_000)
                    if Clock.now() - t > 5 { break }
                }
            } else {
                let previous = "62877\(String(format: "%07d", i - 1))"
                try await writer.claim(.customer(PhoneNumber(trustedDigits: previous)), by: "sari")
                // Claimed: it leaves the supervisor's Waiting tab.
                while controller.state.rows.contains(where: { $0.customer.phone?.digits == previous }) {
                    try await Task.sleep(nanoseconds: 200_000)
                    if Clock.now() - t > 5 { break }
                }
            }
            latencies.append((Clock.now() - t) * 1000)
        }
        controller.requestQuit()
        running.cancel()
        return [
            BenchResult(name: "\(prefix).propagation", value: Clock.percentile(latencies, 0.99), unit: "ms p99", baseline: prefix == "team" ? 10 : 100,
                        baselineUnit: "ms (p99 target)",
                        detail: "\(events) writes (webhooks stored, claims) by another connection to the console's screen model; p50 \(String(format: "%.1f", Clock.percentile(latencies, 0.5))) ms; \(wakes)"),
            BenchResult(name: "\(prefix).idle_cpu", value: idle, unit: "% of a core", baseline: 0.5, baselineUnit: "% (target)",
                        detail: "an idle console watching the store for 5 s (the benchmark process as a whole)"),
        ]
    }

    /// Two instances on one SQLite file.
    var sqliteStores: @Sendable () async throws -> (console: any LoketStore, writer: any LoketStore) {
        let path = dir + "/team-bench.db"
        return {
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
            return (try SQLiteStore(path: path), try SQLiteStore(path: path))
        }
    }

    func processCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

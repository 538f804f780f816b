import ArgumentParser
import Foundation

/// `loket-bench [NAME...] [--json] [--quick]`: Loket's benchmarks beside baselines measured in the same run.
struct LoketBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loket-bench",
        abstract: "Run Loket's benchmarks and print a table (or JSON lines) with same-run baselines.",
        discussion: "Benchmarks: store (store.build, store.queue, store.search), gateway (gateway.ingest1, gateway.ingest100, gateway.status100, gateway.exhaustion), console (console.move, console.open, console.canned, console.labels, console.first_frame, console.memory), team (team.propagation, team.idle_cpu), announce (announce.queue, announce.dispatch), media (media.fetch, media.burst), postgres (postgres.ingest1, postgres.propagation, postgres.idle_cpu, postgres.fifty; a throwaway PostgreSQL cluster with fsync on). console needs the loket binary beside loket-bench: swift build -c release first.")

    @Argument(help: "Benchmarks or groups to run (default: all).") var names: [String] = []
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(help: "Smaller data so the whole run fits in a minute.") var quick = false
    @Option(help: "Working folder for the stores (default: a temporary folder).") var dir: String?

    func run() async throws {
        let work = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: work) } }
        let selected = Set(names)
        func wants(_ group: String) -> Bool { selected.isEmpty || selected.contains { $0 == group || $0.hasPrefix(group + ".") } }
        let known = ["store", "gateway", "console", "team", "announce", "media", "postgres"]
        for n in names where !known.contains(where: { n == $0 || n.hasPrefix($0 + ".") }) {
            throw ValidationError("unknown benchmark '\(n)'; known: \(known.joined(separator: ", "))")
        }
        var results: [BenchResult] = []
        if wants("store") {
            let b = StoreBenchmarks(conversations: quick ? 10_000 : 100_000, messagesPerConversation: 10, dir: work)
            results += try await b.run(selected: selected)
        }
        if wants("console") {
            // The console is measured on the big store (built by the store benchmarks when they ran in this run).
            let storePath = work + "/bench-store.db"
            if !FileManager.default.fileExists(atPath: storePath) {
                _ = try await StoreBenchmarks(conversations: quick ? 10_000 : 100_000, messagesPerConversation: 10, dir: work).run(selected: ["none"])
            }
            results += try await ConsoleBenchmarks(storePath: storePath, dir: work, selected: selected).run()
        }
        if wants("team") {
            results += try await TeamBenchmarks(dir: work, events: quick ? 200 : 1000).run()
        }
        if wants("gateway") {
            let b = GatewayBenchmarks(singles: quick ? 2_000 : 20_000, batchedMessages: quick ? 20_000 : 100_000, dir: work)
            let ingestSelected = selected.contains(where: { $0 != "gateway.exhaustion" && $0.hasPrefix("gateway.") })
            if selected.isEmpty || selected.contains("gateway") || ingestSelected {
                results += try await b.run().filter { r in selected.isEmpty || selected.contains("gateway") || selected.contains(r.name) }
            }
            if selected.isEmpty || selected.contains("gateway") || selected.contains("gateway.exhaustion") {
                results += try await ExhaustionBenchmark(dir: work, stalledBodies: 1_000, idleConnections: quick ? 1_000 : 5_000).run()
            }
        }
        if wants("announce") {
            let b = AnnouncementBenchmarks(customers: quick ? 10_000 : 100_000, throughput: 250, dispatchSeconds: quick ? 5 : 15, dir: work)
            results += try await b.run().filter { r in selected.isEmpty || selected.contains("announce") || selected.contains(r.name) }
        }
        if wants("media") {
            let b = MediaBenchmarks(files: quick ? 100 : 300, fileSize: 200 * 1024, burst: quick ? 200 : 500, dir: work)
            results += try await b.run(selected: selected)
        }
        if wants("postgres") {
            results += try await PostgresBenchmarks(dir: work, singles: quick ? 2_000 : 10_000, events: quick ? 200 : 1000,
                                                    fiftySeconds: quick ? 30 : 300, selected: selected).run()
        }
        if json { results.forEach { print($0.json) } } else { print(BenchResult.table(results)) }
    }
}

await LoketBench.mainEntry()

extension LoketBench {
    static func mainEntry() async {
        do {
            var command = try parseAsRoot()
            if let c = command as? LoketBench { try await c.run() } else { try command.run() }
        } catch { exit(withError: error) }
    }
}

import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// `gateway.exhaustion`: `loket serve` while 1,000 unauthenticated clients each announce a
/// 1 MiB webhook body, send part of it and stall, and 5,000 more connect and send nothing. Reports `/healthz`
/// latency p99 under that load beside the same server idle, and the gateway's resident memory under load
/// beside its idle figure (both read from /proc).
struct ExhaustionBenchmark {
    let dir: String
    let stalledBodies: Int
    let idleConnections: Int

    func run() async throws -> [BenchResult] {
        let work = dir + "/exhaustion"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: work + "/loket.db")
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        var env = ProcessInfo.processInfo.environment
        env["LOKET_STORE"] = work + "/loket.db"
        env["LOKET_CONFIG"] = nil
        env["XDG_CONFIG_HOME"] = work
        env["LOKET_APP_SECRET"] = "bench-app-secret"
        let serve = try LoketProcess(["serve", "--port", "0"], environment: env, directory: work)
        defer { serve.kill(SIGKILL) }
        guard let port = await serve.listeningPort() else { throw BenchFailure("loket serve did not start: \(serve.stderr)") }
        let idleHealth = try healthLatencies(port: port, count: 200)
        let idleRSS = rssMiB(serve.pid)

        var held: [RawConnection] = []
        let chunk = String(repeating: "{", count: 64 * 1024)
        for _ in 0..<stalledBodies {
            guard let c = try? RawConnection(port: port) else { break }
            c.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + chunk)
            held.append(c)
        }
        for _ in 0..<idleConnections {
            guard let c = try? RawConnection(port: port) else { break }
            held.append(c)
        }
        let connected = held.count
        let loadedHealth = try healthLatencies(port: port, count: 200)
        let loadedRSS = rssMiB(serve.pid)
        held.removeAll()
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let afterRSS = rssMiB(serve.pid)
        let p99Idle = Clock.percentile(idleHealth, 0.99), p99Loaded = Clock.percentile(loadedHealth, 0.99)
        let detail = "\(connected) connections (\(stalledBodies) stalled 1 MiB bodies); RSS idle \(f(idleRSS)), loaded \(f(loadedRSS)), after \(f(afterRSS)) MiB"
        return [
            BenchResult(name: "gateway.exhaustion.healthz_p99", value: p99Loaded, unit: "ms under load",
                        baseline: p99Idle, baselineUnit: "ms idle (same server)", detail: detail),
            BenchResult(name: "gateway.exhaustion.rss", value: loadedRSS, unit: "MiB RSS under load",
                        baseline: idleRSS, baselineUnit: "MiB RSS idle", detail: detail),
        ]
    }

    func f(_ d: Double) -> String { String(format: "%.0f", d) }

    /// Milliseconds for each of `count` sequential `GET /healthz` on fresh connections.
    func healthLatencies(port: Int, count: Int) throws -> [Double] {
        var out: [Double] = []
        for _ in 0..<count {
            let start = Clock.now()
            let c = try RawConnection(port: port)
            c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            guard c.statusLineBlocking(within: 10)?.contains(" 200") == true else { throw BenchFailure("/healthz did not answer within 10 s") }
            out.append((Clock.now() - start) * 1000)
        }
        return out
    }

    func rssMiB(_ pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

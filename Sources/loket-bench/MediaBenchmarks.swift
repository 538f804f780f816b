import AsyncHTTPClient
import Foundation
import Logging
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketMedia
import LoketSimulator
import LoketSQLite
import LoketStore
import NIOCore
import NIOHTTP1

/// `media.fetch`: customers' attachments fetched from the simulator by the gateway's fetcher (info, download,
/// sha256, fsync, rename, store update), beside a plain AsyncHTTPClient loop doing the same two requests and
/// writing the bytes, at the same concurrency, in the same run (target ≥ 0.8x).
/// `media.burst`: webhook latency p99 while a 500-photo burst is being fetched, beside the same webhooks with
/// text only, in the same run (target within 1.2x).
struct MediaBenchmarks {
    let files: Int
    let fileSize: Int
    let burst: Int
    let dir: String
    let token = "EAAbench-media"
    let phoneNumberID = "106540352242922"
    let secret = "bench-media-secret"
    let concurrency = 4

    func run(selected: Set<String>) async throws -> [BenchResult] {
        // Stores and folders of an earlier run in the same --dir would hold these wamids already.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix("media-") {
            try? FileManager.default.removeItem(atPath: dir + "/" + name)
        }
        var out: [BenchResult] = []
        let all = selected.isEmpty || selected.contains("media")
        if all || selected.contains("media.fetch") { out.append(try await fetch()) }
        if all || selected.contains("media.burst") { out.append(try await burstLatency()) }
        return out
    }

    func photo(_ i: Int, size: Int) -> Data {
        var d = Data([0xFF, 0xD8, 0xFF, 0xE0])
        d.append(Data(repeating: UInt8(truncatingIfNeeded: i), count: size - 8))
        d.append(contentsOf: withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) })
        return d
    }

    func fetch() async throws -> BenchResult {
        let simulator = CloudAPISimulator(token: token, phoneNumberID: phoneNumberID, appSecret: secret)
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let base = "http://127.0.0.1:\(port)/v23.0"
        // One unmeasured round of each first: the first download of a process pays for type metadata, the store's
        // first statements and the first connections, which steady throughput does not.
        _ = try await rawLoop(simulator, base: base, round: 9, sync: false, count: 50)
        _ = try await loketRound(simulator, base: base, round: 9, count: 50)
        var rounds: [(loket: Double, raw: Double, synced: Double)] = []
        for round in 0..<5 {
            // The baseline: GET /{id}, then the URL with the token, bytes written to a file; four at a time. The same
            // loop with an fsync per file is measured too (for the detail: what durability alone costs here).
            // Which side goes first alternates, so neither always finds the other's files being written back.
            var loket = 0.0, raw = 0.0, synced = 0.0
            if round % 2 == 1 { loket = try await loketRound(simulator, base: base, round: round, count: files) }
            raw = try await rawLoop(simulator, base: base, round: round, sync: false, count: files)
            synced = try await rawLoop(simulator, base: base, round: round, sync: true, count: files)
            if round % 2 == 0 { loket = try await loketRound(simulator, base: base, round: round, count: files) }
            rounds.append((loket, raw, synced))
        }
        let sorted = rounds.sorted { $0.loket / $0.raw < $1.loket / $1.raw }
        let mid = sorted[sorted.count / 2]
        return BenchResult(name: "media.fetch", value: mid.loket, unit: "files/s", baseline: mid.raw,
                           baselineUnit: "files/s (AsyncHTTPClient: info + download + write, \(concurrency) at a time)",
                           detail: "\(files) photos of \(fileSize / 1024) KB per round from the simulator on 127.0.0.1, \(concurrency) at a time, sha256 checked, fsync + rename, store updated; median of \(rounds.count) rounds after a warm-up (ratios \(rounds.map { String(format: "%.2f", $0.loket / $0.raw) }.joined(separator: ", "))); the baseline with an fsync per file: \(String(format: "%.0f", mid.synced)) files/s (Loket \(String(format: "%.2f", mid.loket / mid.synced))x of it); target ≥ 0.8")
    }

    /// Loket: `count` attachments stored by a webhook batch, then fetched by the gateway's fetcher; files per second.
    func loketRound(_ simulator: CloudAPISimulator, base: String, round: Int, count: Int) async throws -> Double {
        let store = try SQLiteStore(path: dir + "/media-fetch-\(round).db")
        let ids = (0..<count).map { simulator.addMedia(photo(round * 100_000 + 50_000 + $0, size: fileSize), mimeType: "image/jpeg") }
        let now = Date()
        try await store.ingest(InboundBatch(messages: ids.enumerated().map { i, id in
            InboundMessage(wamid: "wamid.MF.\(round).\(i)", from: .phone(PhoneNumber(trustedDigits: "62812\(String(format: "%07d", i))")),
                           profileName: "Nasabah \(i)", timestamp: now, kind: "image", body: "[image]",
                           media: MessageMedia(kind: .image, mediaID: id, mimeType: "image/jpeg"))
        }))
        let metrics = GatewayMetrics()
        var logger = Logger(label: "bench.media")
        logger.logLevel = .error
        // The end is heard from the downloads themselves (no polling loop beside the fetcher, which the plain loop
        // does not have either).
        let client = Counted(CloudAPIClient(baseURL: base, phoneNumberID: phoneNumberID, token: token), until: count)
        let fetcher = MediaFetcher(store: store, client: client,
                                   folder: MediaFolder(path: dir + "/media-kept-\(round)"), maxBytes: 100 << 20,
                                   concurrency: concurrency, metrics: metrics, logger: logger, clock: SystemClock())
        let started = Clock.now()
        let task = Task { try await fetcher.run() }
        await client.allKept()
        let rate = Double(count) / (Clock.now() - started)
        await fetcher.stop()
        task.cancel()
        _ = try? await task.value
        return rate
    }

    /// A fetcher's client that says when `until` files have been kept.
    final class Counted: MediaFetching, @unchecked Sendable {
        let inner: any MediaFetching
        let until: Int
        private let lock = NSLock()
        private var kept = 0
        private var waiter: CheckedContinuation<Void, Never>?

        init(_ inner: any MediaFetching, until: Int) { self.inner = inner; self.until = until }

        func download(mediaID: String, expectedSHA256: String?, into folder: MediaFolder, maxBytes: Int, syncFolder: Bool,
                      arrived: @escaping @Sendable () async -> Void) async -> MediaDownload {
            let result = await inner.download(mediaID: mediaID, expectedSHA256: expectedSHA256, into: folder, maxBytes: maxBytes,
                                              syncFolder: syncFolder, arrived: arrived)
            if case .kept = result {
                let done: CheckedContinuation<Void, Never>? = lock.withLock {
                    kept += 1
                    guard kept >= until, let w = waiter else { return nil }
                    waiter = nil
                    return w
                }
                done?.resume()
            }
            return result
        }

        func allKept() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if kept >= until { return true }
                    waiter = c
                    return false
                }
                if now { c.resume() }
            }
        }
    }

    /// The plain loop: info, download, write (and fsync when `sync`), four at a time; files per second.
    func rawLoop(_ simulator: CloudAPISimulator, base: String, round: Int, sync: Bool, count: Int) async throws -> Double {
        let ids = (0..<count).map { simulator.addMedia(photo(round * 100_000 + (sync ? 20_000 : 0) + $0, size: fileSize), mimeType: "image/jpeg") }
        let rawDir = dir + "/media-raw-\(round)-\(sync)"
        try FileManager.default.createDirectory(atPath: rawDir, withIntermediateDirectories: true)
        let token = self.token
        let started = Clock.now()
        try await forEach(ids) { id in
            var info = HTTPClientRequest(url: "\(base)/\(id)")
            info.headers.add(name: "Authorization", value: "Bearer \(token)")
            let r = try await CloudAPIClient.sharedHTTP.execute(info, timeout: .seconds(30))
            let body = try await r.body.collect(upTo: 1 << 20)
            guard let o = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                  let url = o["url"] as? String else { throw BenchError("no media url") }
            var get = HTTPClientRequest(url: url)
            get.headers.add(name: "Authorization", value: "Bearer \(token)")
            let file = try await CloudAPIClient.sharedHTTP.execute(get, timeout: .seconds(30))
            let bytes = try await file.body.collect(upTo: 64 << 20)
            let path = rawDir + "/\(id).jpg"
            try Data(bytes.readableBytesView).write(to: URL(fileURLWithPath: path))
            if sync, let h = FileHandle(forWritingAtPath: path) { try h.synchronize(); try h.close() }
        }
        return Double(count) / (Clock.now() - started)
    }

    /// Runs `body` over `items`, `concurrency` at a time.
    func forEach(_ items: [String], _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let cursor = Cursor()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { while let i = await cursor.take(items.count) { try await body(items[i]) } }
            }
            try await group.waitForAll()
        }
    }

    actor Cursor {
        var next = 0
        func take(_ n: Int) -> Int? { guard next < n else { return nil }; next += 1; return next - 1 }
    }

    actor Latencies {
        var values: [Double] = []
        func add(_ v: Double) { values.append(v) }
    }

    func burstLatency() async throws -> BenchResult {
        let simulator = CloudAPISimulator(token: token, phoneNumberID: phoneNumberID, appSecret: secret)
        simulator.statusDelays = nil
        let simPort = try await simulator.start()
        let store = try SQLiteStore(path: dir + "/media-burst.db")
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        var settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:\(simPort)/v23.0", phoneNumberID: phoneNumberID,
                                       throughput: 80, appSecret: secret, verifyToken: nil, accessToken: token)
        settings.mediaFolder = dir + "/media-burst"
        var logger = Logger(label: "bench.media")
        logger.logLevel = .error
        let running = await RunningGateway(try Gateway(settings: settings, store: store, logger: logger), logger: logger)
        let url = "http://127.0.0.1:\(running.port)/webhook"
        let gateway = running.gateway
        var text: [Double] = [], media: [Double] = []
        var fetchedAfter: [Double] = []
        for round in 0..<2 {
            text += try await post((0..<burst).map { i in
                WebhookPayloads.text(wamid: "wamid.BT.\(round).\(i)", from: sender(i), body: "Transfer gagal #\(i)")
            }, to: url)
            let before = gateway.metrics.value("loket_media_fetched_total")
            let started = Clock.now()
            media += try await post((0..<burst).map { i in
                let id = simulator.addMedia(photo(round * 10_000 + i, size: 100 * 1024), mimeType: "image/jpeg")
                return WebhookPayloads.message(type: "image", wamid: "wamid.BM.\(round).\(i)", from: sender(i),
                                               payload: ["id": id, "mime_type": "image/jpeg", "caption": "bukti transfer \(i)"])
            }, to: url)
            while gateway.metrics.value("loket_media_fetched_total") < before + Double(burst) { try await Task.sleep(nanoseconds: 5_000_000) }
            fetchedAfter.append(Clock.now() - started)
        }
        await running.stop()
        await simulator.stop()
        let p99Text = percentile(text, 0.99), p99Media = percentile(media, 0.99)
        return BenchResult(name: "media.burst", value: p99Media * 1000, unit: "ms webhook p99 during the burst", baseline: p99Text * 1000,
                           baselineUnit: "ms webhook p99, text only",
                           detail: "\(burst) one-photo webhooks (100 KB each, fetched 4 at a time meanwhile) vs \(burst) one-text webhooks, 2 rounds, 4 connections; p50 \(String(format: "%.2f", percentile(media, 0.5) * 1000)) vs \(String(format: "%.2f", percentile(text, 0.5) * 1000)) ms; every photo kept \(fetchedAfter.map { String(format: "%.1f", $0) }.joined(separator: ", ")) s after the burst began; target ≤ 1.2x")
    }

    func sender(_ i: Int) -> String { "62813\(String(format: "%07d", i % 1000))" }

    func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
    }

    /// Posts each message in its own signed webhook over 4 connections; each request's latency in seconds.
    func post(_ messages: [[String: Any]], to url: String) async throws -> [Double] {
        let bodies: [(Data, String)] = messages.map { m in
            let from = m["from"] as? String ?? ""
            let data = WebhookPayloads.messages([m], contacts: [(from, "Nasabah")], phoneNumberID: phoneNumberID)
            return (data, WebhookSignature(appSecret: secret).header(for: data))
        }
        let cursor = Cursor()
        let latencies = Latencies()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let i = await cursor.take(bodies.count) {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "X-Hub-Signature-256", value: bodies[i].1)
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: Array(bodies[i].0)))
                        let started = Clock.now()
                        let r = try await CloudAPIClient.sharedHTTP.execute(request, timeout: .seconds(30))
                        _ = try await r.body.collect(upTo: 1 << 16)
                        await latencies.add(Clock.now() - started)
                        guard r.status == .ok else { throw BenchError("webhook answered \(r.status.code)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        return await latencies.values
    }
}

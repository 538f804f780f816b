import AsyncHTTPClient
import Foundation
import Logging
import LoketCloudAPI
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import NIOCore
import ServiceLifecycle

/// `gateway.ingest1`, `gateway.ingest100`: signed webhooks over loopback into the real gateway, against raw
/// SQLite inserts of the same rows in the same run (issue "Gateway", point 6).
struct GatewayBenchmarks {
    let singles: Int
    let batchedMessages: Int
    let dir: String
    let concurrency = 32
    let secret = "bench-secret"

    func run() async throws -> [BenchResult] {
        // Baselines first: the same rows, raw, one per transaction and 100 per transaction (synchronous = FULL).
        let rawOne = try rawInsert(count: singles, perTransaction: 1, file: "raw-1.db")
        let rawHundred = try rawInsert(count: batchedMessages, perTransaction: 100, file: "raw-100.db")

        let store = try SQLiteStore(path: dir + "/gateway-bench.db")
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        var settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:9", phoneNumberID: "",
                                       throughput: 80, appSecret: secret, verifyToken: nil, accessToken: nil)
        settings.maxInFlight = 1
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let gateway = Gateway(settings: settings, store: store, logger: logger)
        let (stream, cont) = AsyncStream<Int>.makeStream()
        let app = gateway.application { port in cont.yield(port); cont.finish() }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        Task { try? await group.run() }
        var port = 0
        for await p in stream { port = p }
        let url = "http://127.0.0.1:\(port)/webhook"

        let singleBodies = (0..<singles).map { i in body(index: i, messages: 1, tag: "S") }
        let oneRate = Double(singles) / (try await post(singleBodies, to: url))
        let hundredBodies = (0..<(batchedMessages / 100)).map { i in body(index: i, messages: 100, tag: "B") }
        let hundredRate = Double(batchedMessages) / (try await post(hundredBodies, to: url))
        await group.triggerGracefulShutdown()

        let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 1).isEmpty ? 0 : gateway.metrics.value("loket_messages_ingested_total")
        return [
            BenchResult(name: "gateway.ingest1", value: oneRate, unit: "messages/s", baseline: rawOne,
                        baselineUnit: "messages/s (raw SQLite, 1 row per transaction)",
                        detail: "\(singles) signed 1-message webhooks, \(concurrency) connections; target ratio >= 1"),
            BenchResult(name: "gateway.ingest100", value: hundredRate, unit: "messages/s", baseline: rawHundred,
                        baselineUnit: "messages/s (raw SQLite, 100 rows per transaction)",
                        detail: "\(batchedMessages / 100) signed 100-message webhooks (100 customers each), \(concurrency) connections; \(Int(stored)) stored in all; target ratio >= 0.8"),
        ]
    }

    /// A webhook with `messages` messages, each from a different customer (of 1,000), as Meta batches them.
    func body(index i: Int, messages: Int, tag: String) -> (Data, String) {
        let senders = (0..<messages).map { k in "62812\(String(format: "%07d", (i * messages + k) % 1000))" }
        let ms = senders.enumerated().map { k, from in
            WebhookPayloads.text(wamid: "wamid.\(tag).\(i).\(k)", from: from,
                                 body: "Transfer ke rekening BCA gagal tapi saldo sudah terpotong Rp 2.500.000 #\(i)-\(k)")
        }
        let data = WebhookPayloads.messages(ms, contacts: senders.map { ($0, "Nasabah \($0.suffix(4))") },
                                            phoneNumberID: "106540352242922")
        return (data, WebhookSignature(appSecret: secret).header(for: data))
    }

    actor Cursor {
        var next = 0
        func take(_ n: Int) -> Int? { guard next < n else { return nil }; next += 1; return next - 1 }
    }

    /// Posts every body over `concurrency` connections; returns the elapsed seconds.
    func post(_ bodies: [(Data, String)], to url: String) async throws -> Double {
        let cursor = Cursor()
        let count = bodies.count
        let started = Clock.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while let i = await cursor.take(count) {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "X-Hub-Signature-256", value: bodies[i].1)
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: Array(bodies[i].0)))
                        let r = try await CloudAPIClient.sharedHTTP.execute(request, timeout: .seconds(30))
                        _ = try await r.body.collect(upTo: 1 << 16)
                        guard r.status == .ok else { throw BenchError("webhook answered \(r.status.code)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Clock.now() - started
    }

    /// Inserts `count` messages as the webhook would store them, `perTransaction` at a time; returns messages/s.
    func rawInsert(count: Int, perTransaction: Int, file: String) throws -> Double {
        let raw = try RawSQLite(path: dir + "/" + file)
        try raw.exec(RawSQLite.schema)
        let started = Clock.now()
        var i = 0
        while i < count {
            try raw.exec("BEGIN")
            for _ in 0..<min(perTransaction, count - i) {
                let from = "62812\(String(format: "%07d", i % 1000))"
                try raw.run("INSERT OR IGNORE INTO customers (wa_id, profile_name) VALUES (?, ?)", [from, "Nasabah"])
                try raw.run("INSERT OR IGNORE INTO conversations (customer_id, state) SELECT id, 'waiting' FROM customers WHERE wa_id = ?", [from])
                let body = "Transfer ke rekening BCA gagal tapi saldo sudah terpotong Rp 2.500.000 #\(i)"
                try raw.run("INSERT INTO messages (conversation_id, direction, body, wamid, status, created_at) SELECT c.id, 'in', ?, ?, 'received', ? FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = ?",
                            [body, "wamid.raw.\(i)", Int64(i), from])
                try raw.run("INSERT INTO messages_fts (rowid, body) VALUES (?, ?)", [raw.lastRowID, body])
                try raw.run("UPDATE conversations SET last_message_at = ?, last_message_preview = ? WHERE customer_id = (SELECT id FROM customers WHERE wa_id = ?)",
                            [Int64(i), body, from])
                i += 1
            }
            try raw.exec("COMMIT")
        }
        return Double(count) / (Clock.now() - started)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

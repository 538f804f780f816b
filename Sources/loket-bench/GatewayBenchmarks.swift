import AsyncHTTPClient
import Foundation
import Logging
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import NIOCore
import NIOHTTP1

/// `gateway.ingest1`, `gateway.ingest100`, `gateway.status100`: signed webhooks over loopback into the real gateway, against raw
/// SQLite inserts of the same rows in the same run (the gateway should keep up with raw SQLite).
struct GatewayBenchmarks {
    let singles: Int
    let batchedMessages: Int
    let dir: String
    let concurrency = 32
    let secret = "bench-secret"

    /// Each figure is measured in rounds that alternate the raw baseline and the gateway, so both see the same
    /// machine (this one's disk is noisy); the round with the median ratio is reported.
    let rounds = 3

    func run() async throws -> [BenchResult] {
        let rawOneDB = try RawSQLite(path: dir + "/raw-1.db")
        try rawOneDB.exec(RawSQLite.schema)
        let rawHundredDB = try RawSQLite(path: dir + "/raw-100.db")
        try rawHundredDB.exec(RawSQLite.schema)

        let store = try SQLiteStore(path: dir + "/gateway-bench.db")
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        var settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:9", phoneNumberID: "",
                                       throughput: 80, appSecret: secret, verifyToken: nil, accessToken: nil)
        settings.maxInFlight = 1
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let running = await RunningGateway(try Gateway(settings: settings, store: store, logger: logger), logger: logger)
        let gateway = running.gateway
        let url = "http://127.0.0.1:\(running.port)/webhook"

        var ones: [(gateway: Double, raw: Double)] = []
        var hundreds: [(gateway: Double, raw: Double)] = []
        let onesPerRound = singles / rounds, hundredsPerRound = batchedMessages / 100 / rounds
        for round in 0..<rounds {
            let raw1 = try rawInsert(rawOneDB, count: onesPerRound, perTransaction: 1, offset: round * onesPerRound)
            let singleBodies = (0..<onesPerRound).map { i in body(index: round * onesPerRound + i, messages: 1, tag: "S") }
            ones.append((Double(onesPerRound) / (try await post(singleBodies, to: url)), raw1))
            let raw100 = try rawInsert(rawHundredDB, count: hundredsPerRound * 100, perTransaction: 100, offset: round * hundredsPerRound * 100)
            let hundredBodies = (0..<hundredsPerRound).map { i in body(index: round * hundredsPerRound + i, messages: 100, tag: "B") }
            hundreds.append((Double(hundredsPerRound * 100) / (try await post(hundredBodies, to: url)), raw100))
        }
        let statuses = try await statusRounds(store: store, raw: rawHundredDB, url: url)
        await running.stop()
        func median(_ runs: [(gateway: Double, raw: Double)]) -> (gateway: Double, raw: Double, ratios: String) {
            let sorted = runs.sorted { $0.gateway / $0.raw < $1.gateway / $1.raw }
            return (sorted[sorted.count / 2].gateway, sorted[sorted.count / 2].raw,
                    runs.map { String(format: "%.2f", $0.gateway / $0.raw) }.joined(separator: ", "))
        }
        let one = median(ones), hundred = median(hundreds)

        // Where a 100-message delivery's time goes, each part alone on one thread: decoding, then storing.
        let parts = (0..<200).map { i in body(index: i, messages: 100, tag: "P") }
        var batches: [InboundBatch] = []
        let decodeSeconds = try Clock.time { batches = try parts.map { try WebhookDecoder.decode($0.0) } }
        let partsStore = try SQLiteStore(path: dir + "/gateway-parts.db")
        let storeSeconds = try await Clock.time { for b in batches { _ = try await partsStore.ingest(b) } }
        let split = String(format: "per delivery: decode %.2f ms, store %.2f ms", decodeSeconds * 1000 / 200, storeSeconds * 1000 / 200)

        let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 1).isEmpty ? 0 : gateway.metrics.value("loket_messages_ingested_total")
        return [
            BenchResult(name: "gateway.ingest1", value: one.gateway, unit: "messages/s", baseline: one.raw,
                        baselineUnit: "messages/s (raw SQLite, 1 row per transaction)",
                        detail: "\(singles) signed 1-message webhooks, \(concurrency) connections, \(rounds) rounds (ratios \(one.ratios)); target ratio >= 1"),
            BenchResult(name: "gateway.ingest100", value: hundred.gateway, unit: "messages/s", baseline: hundred.raw,
                        baselineUnit: "messages/s (raw SQLite, 100 rows per transaction)",
                        detail: "\(batchedMessages / 100) signed 100-message webhooks (100 customers each), \(concurrency) connections, \(rounds) rounds (ratios \(hundred.ratios)); \(Int(stored)) stored in all; \(split); target ratio >= 0.8"),
            statuses,
        ]
    }

    /// `gateway.status100`: the status path of every reply and announcement (Meta reports sent, delivered and read
    /// for each). Replies already sent get signed deliveries of 100 statuses (100 customers each), first
    /// `delivered`, then `read`; the baseline updates the same number of rows by wamid, 100 per transaction.
    func statusRounds(store: SQLiteStore, raw: RawSQLite, url: String) async throws -> BenchResult {
        let customers = 100, perCustomer = max(10, batchedMessages / 1000)
        let count = customers * perCustomer
        try await store.importHistory((0..<customers).map { c in
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "62815\(String(format: "%07d", c))")), profileName: "Nasabah \(c)",
                          state: .open, assignee: "rudi",
                          lines: (0..<perCustomer).map { k in
                              .init(direction: .outbound, body: "Balasan \(k)", at: Date().addingTimeInterval(Double(k - perCustomer)),
                                    status: .sent, agent: "rudi", wamid: "wamid.OUT.\(c).\(k)")
                          })
        })
        var phases: [(gateway: Double, raw: Double)] = []
        for status in ["delivered", "read"] {
            let started = Clock.now()
            try raw.exec("BEGIN")
            for i in 0..<count {
                try raw.run("UPDATE messages SET status = ? WHERE wamid = ?", [status, "wamid.raw.\(i)"])
                if i % 100 == 99 { try raw.exec("COMMIT"); try raw.exec("BEGIN") }
            }
            try raw.exec("COMMIT")
            let rawRate = Double(count) / (Clock.now() - started)
            let bodies = (0..<perCustomer).map { k -> (Data, String) in
                let data = WebhookPayloads.statuses((0..<customers).map { c in
                    WebhookPayloads.statusObject(wamid: "wamid.OUT.\(c).\(k)", status: status, recipient: "62815\(String(format: "%07d", c))")
                }, phoneNumberID: "106540352242922")
                return (data, WebhookSignature(appSecret: secret).header(for: data))
            }
            phases.append((Double(count) / (try await post(bodies, to: url)), rawRate))
        }
        let applied = try await store.exportMessages(ExportFilter(), after: 0, limit: 1_000_000)
            .filter { $0.message.wamid?.hasPrefix("wamid.OUT.") == true && $0.message.status == .read }.count
        let gateway = Double(2 * count) / phases.reduce(0) { $0 + Double(count) / $1.gateway }
        let rawRate = Double(2 * count) / phases.reduce(0) { $0 + Double(count) / $1.raw }
        return BenchResult(name: "gateway.status100", value: gateway, unit: "statuses/s", baseline: rawRate,
                           baselineUnit: "rows/s (raw SQLite UPDATE by wamid, 100 per transaction)",
                           detail: "\(2 * count) statuses in signed 100-status webhooks (delivered, then read; ratios \(phases.map { String(format: "%.2f", $0.gateway / $0.raw) }.joined(separator: ", "))); \(applied) of \(count) replies read afterwards; no target")
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
    func rawInsert(_ raw: RawSQLite, count: Int, perTransaction: Int, offset: Int) throws -> Double {
        let started = Clock.now()
        var i = offset
        while i < offset + count {
            try raw.exec("BEGIN")
            for _ in 0..<min(perTransaction, offset + count - i) {
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

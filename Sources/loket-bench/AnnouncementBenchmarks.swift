import Foundation
import Logging
import LoketConfig
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore

/// `announce.queue`, `announce.dispatch`: an announcement to 100,000 opted-in customers.
/// Queueing is compared with raw SQLite writing the same recipient rows in one
/// transaction; dispatch with the configured throughput, through the real gateway to the simulator.
struct AnnouncementBenchmarks {
    let customers: Int
    let throughput: Int
    let dispatchSeconds: Double
    let dir: String

    func run() async throws -> [BenchResult] {
        let path = dir + "/announce-bench.db"
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
        let store = try SQLiteStore(path: path, rateCard: try RateCardLoader.bundled())
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        try await store.upsertTemplates([MessageTemplate(
            name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
            componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}} di {{2}}. Mohon maaf 🙏"}]"#, parameterFormat: "positional",
            updatedAt: Date())])
        // Customers who wrote in (opted in), their chats resolved.
        let wrote = Date().addingTimeInterval(-3 * 86_400)
        var start = 0
        while start < customers {
            try await store.importHistory((start..<min(start + 2000, customers)).map { i in
                HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "62815\(String(format: "%08d", i))")), profileName: "Nasabah \(i)",
                              state: .resolved, assignee: "rudi",
                              lines: [.init(direction: .inbound, body: "Halo", at: wrote, wamid: "wamid.ab.\(i)")])
            })
            start += 2000
        }

        // Baseline: the recipient rows written raw, one transaction.
        let raw = try RawSQLite(path: dir + "/announce-raw.db")
        try raw.exec("CREATE TABLE recipients (announcement_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, message_id INTEGER, PRIMARY KEY (announcement_id, customer_id)) WITHOUT ROWID")
        let rawSeconds = try Clock.time {
            try raw.exec("BEGIN")
            for i in 0..<customers { try raw.run("INSERT INTO recipients (announcement_id, customer_id) VALUES (1, ?)", [i + 1]) }
            try raw.exec("COMMIT")
        }

        var announcement: Int64 = 0
        let queueSeconds = try await Clock.time {
            announcement = try await store.startAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM", "Jakarta"],
                                                             audience: .all, by: "rudi").id
        }

        // Dispatch through the real gateway to the simulator for a while.
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let simulator = CloudAPISimulator(token: "EAAbench", phoneNumberID: "106540352242922", appSecret: "bench", logger: logger)
        simulator.statusDelays = nil
        simulator.defineTemplates(try await store.templates())
        let simPort = try await simulator.start()
        let settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:\(simPort)/v23.0",
                                       phoneNumberID: "106540352242922", throughput: throughput, appSecret: "bench",
                                       verifyToken: nil, accessToken: "EAAbench")
        let gateway = await RunningGateway(try Gateway(settings: settings, store: store, logger: logger), logger: logger)
        try await Task.sleep(nanoseconds: UInt64(dispatchSeconds * 1e9))
        await gateway.stop()
        await simulator.stop()

        let accepted = simulator.acceptedRequests.filter { $0.type == "template" }
        let times = accepted.map(\.at.timeIntervalSinceReferenceDate).sorted()
        let worst = accepted.busiestSecond
        let rate = times.count > 1 ? Double(times.count - 1) / (times.last! - times.first!) : 0
        // Exact counts: stop the rest and check every recipient is in exactly one bucket.
        let p = try await store.cancelAnnouncement(announcement, by: "rudi")
        let buckets = p.queued + p.sent + p.delivered + p.read + p.failed + p.cancelled + p.optedOut
        let distinct = Set(accepted.map(\.to)).count
        return [
            BenchResult(name: "announce.queue", value: queueSeconds, unit: "s", baseline: rawSeconds,
                        baselineUnit: "s (raw SQLite, recipient rows, 1 transaction)",
                        detail: "\(customers) opted-in recipients queued (preview with cost + recipient list); target < 2 s"),
            BenchResult(name: "announce.dispatch", value: rate, unit: "messages/s", baseline: Double(throughput),
                        baselineUnit: "messages/s (configured throughput)",
                        detail: "\(accepted.count) sent in \(String(format: "%.0f", dispatchSeconds)) s, busiest second \(worst) (limit \(throughput)); \(distinct) distinct recipients; counts after cancel: sent \(p.sent) + cancelled \(p.cancelled) + queued \(p.queued) = \(buckets) of \(p.total)\(buckets == p.total && distinct == accepted.count ? " (exact)" : " (MISMATCH)"); target ratio >= 0.95, busiest second <= limit"),
        ]
    }
}

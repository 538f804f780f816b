import AsyncHTTPClient
import Foundation
import LoketCloudAPI
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// `loket serve` killed with SIGKILL while it works (docs/SPEC.md §3: a crash at any point loses no message).
@Suite(.serialized) struct DurabilityTests {
    final class Daemon: @unchecked Sendable {
        let dir: String
        let env: [String: String]
        private(set) var current: LoketProcess?
        private(set) var port = 0
        var pid: Int32? { current?.pid }
        private(set) var logs: [String] = []

        init(dir: String, env: [String: String]) { self.dir = dir; self.env = env }

        func start() async throws {
            let p = try LoketProcess(["serve", "--port", String(port)], environment: env, directory: dir)
            guard let bound = await p.listeningPort() else { throw DaemonError(log: p.stderr) }
            port = bound
            current = p
        }

        func kill9() async {
            guard let p = current else { return }
            p.kill(SIGKILL)
            _ = await p.waitForExit()
            logs.append(p.stderr)
            current = nil
        }

        /// Starts a sending gateway, then kills it with SIGKILL and restarts it `kills` times, each time once
        /// `progress` has grown by `step` since that gateway started (so each dies mid-work, whatever the machine's speed).
        func startAndKill(_ kills: Int, every step: Int, of progress: () async -> Int) async throws {
            try await start()
            for _ in 0..<kills {
                let mark = await progress()
                guard await waitUntil(30, { await progress() >= mark + step }) else { throw Stalled(log: current?.stderr ?? "") }
                await kill9()
                try await start()
            }
        }

        /// How many messages the restarted gateways said were in flight when their predecessor died.
        var resentAfterKills: Int {
            logs.joined().components(separatedBy: "\n").compactMap { line -> Int? in
                guard let r = line.range(of: " message(s) were in flight") else { return nil }
                return Int(line[..<r.lowerBound].split(separator: " ").last ?? "")
            }.reduce(0, +)
        }

        func stop() async {
            guard let p = current else { return }
            p.kill(SIGTERM)
            _ = await p.waitForExit()
            logs.append(p.stderr)
            current = nil
        }
    }
    struct DaemonError: Error { let log: String }
    /// A gateway made no progress within the deadline.
    struct Stalled: Error { let log: String }

    static func environment(dir: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LOKET_STORE"] = dir + "/loket.db"
        env["LOKET_CONFIG"] = dir + "/loket.toml"
        env["LOKET_APP_SECRET"] = Secrets.appSecret
        env["LOKET_VERIFY_TOKEN"] = Secrets.verifyToken
        env["LOKET_LOG_LEVEL"] = "notice"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// A directory for a real `loket serve` (config and store) whose Cloud API is a simulator on 127.0.0.1
    /// that answers at once and posts no statuses.
    static func serveDirectory(throughput: Int) async throws -> (dir: String, simulator: CloudAPISimulator, store: SQLiteStore) {
        let (dir, simulator) = try await simulatorDirectory(throughput: throughput)
        return (dir, simulator, try await makeStore(path: dir + "/loket.db"))
    }

    /// A directory whose loket.toml points at a new simulator on 127.0.0.1 (answering at once, posting no statuses).
    static func simulatorDirectory(throughput: Int) async throws -> (dir: String, simulator: CloudAPISimulator) {
        let dir = (tempStorePath() as NSString).deletingLastPathComponent
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        simulator.statusDelays = nil
        let simPort = try await simulator.start()
        try writeConfig(dir: dir, baseURL: "http://127.0.0.1:\(simPort)/v23.0", throughput: throughput)
        return (dir, simulator)
    }

    static func writeConfig(dir: String, baseURL: String = "http://127.0.0.1:9/v23.0", throughput: Int = 80) throws {
        try """
        [business]
        name = "Bank Nusantara"
        [cloud_api]
        base_url = "\(baseURL)"
        phone_number_id = "\(Secrets.phoneNumberID)"
        throughput = \(throughput)
        [server]
        host = "127.0.0.1"
        port = 0
        """.write(toFile: dir + "/loket.toml", atomically: true, encoding: .utf8)
    }

    /// Posts until the answer is 200, as Meta does (it retries anything else).
    static func deliver(_ body: Data, to port: @Sendable () -> Int) async -> Int {
        let signature = WebhookSignature(appSecret: Secrets.appSecret).header(for: body)
        var attempts = 0
        while true {
            attempts += 1
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port())/webhook")
            request.method = .POST
            request.headers.add(name: "X-Hub-Signature-256", value: signature)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(body)))
            if let r = try? await CloudAPIClient.sharedHTTP.execute(request, timeout: .seconds(5)), r.status == .ok {
                _ = try? await r.body.collect(upTo: 1 << 16)
                return attempts
            }
            try? await Task.sleep(nanoseconds: 30_000_000)
        }
    }

    actor Counter {
        var next = 0
        func take(_ limit: Int) -> Int? { guard next < limit else { return nil }; next += 1; return next - 1 }
    }

    @Test func tenThousandWebhookMessagesSurviveRepeatedKills() async throws {
        let dir = (tempStorePath() as NSString).deletingLastPathComponent
        try Self.writeConfig(dir: dir)
        _ = try await makeStore(path: dir + "/loket.db")
        let daemon = Daemon(dir: dir, env: Self.environment(dir: dir))
        try await daemon.start()
        let port = daemon.port

        let deliveries = 2000, perDelivery = 5
        let counter = Counter()
        let redeliveries = Counter()
        let sending = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        while let i = await counter.take(deliveries) {
                            let from = "62812\(String(format: "%07d", i % 500))"
                            let messages = (0..<perDelivery).map { k in
                                WebhookPayloads.text(wamid: "wamid.DUR.\(i).\(k)", from: from, body: "Pesan \(i)-\(k) kartu ATM")
                            }
                            let body = WebhookPayloads.messages(messages, contacts: [(from, "Nasabah \(i % 500)")],
                                                                phoneNumberID: Secrets.phoneNumberID)
                            let attempts = await Self.deliver(body, to: { port })
                            for _ in 1..<attempts { _ = await redeliveries.take(Int.max) }
                        }
                    }
                }
            }
        }
        var kills = 0
        while kills < 6 {
            // Each gateway dies after taking a share of the deliveries (or when they are all taken).
            let mark = await counter.next
            #expect(await waitUntil(30) { await counter.next >= min(deliveries, mark + 250) }, "deliveries stalled")
            if await counter.next >= deliveries { break }
            await daemon.kill9()
            kills += 1
            try await daemon.start()
            #expect(daemon.port == port)
        }
        await sending.value
        await daemon.stop()

        let store = try SQLiteStore(path: dir + "/loket.db")
        var wamids: [String] = []
        var after: Int64 = 0
        while true {
            let page = try await store.exportMessages(ExportFilter(), after: after, limit: 5000)
            guard let last = page.last else { break }
            wamids += page.filter { $0.message.direction == .inbound }.compactMap(\.message.wamid)
            after = last.message.id
        }
        print("durability(a): \(wamids.count) messages stored across \(kills) SIGKILLs; \(await redeliveries.next) redelivered webhooks")
        #expect(kills >= 3, "the gateway was killed \(kills) times")
        #expect(wamids.count == deliveries * perDelivery)
        #expect(Set(wamids).count == wamids.count)
    }

    @Test func queuedRepliesSurviveAKilledDispatcher() async throws {
        let (dir, simulator, store) = try await Self.serveDirectory(throughput: 250)
        // 100 customers who wrote in, each claimed by sari; 1,000 replies queued before any gateway runs.
        try await store.importHistory((0..<100).map { i in
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "62813\(String(format: "%07d", i))")), profileName: "Nasabah \(i)",
                          state: .open, assignee: "sari",
                          lines: [.init(direction: .inbound, body: "Halo", at: Date().addingTimeInterval(-60), wamid: "wamid.Q\(i)")])
        })
        for round in 0..<10 {
            for i in 0..<100 {
                _ = try await store.reply(.customer(PhoneNumber(trustedDigits: "62813\(String(format: "%07d", i))")), by: "sari",
                                          text: "balasan \(i)-\(round)", replyTo: nil)
            }
        }
        let daemon = Daemon(dir: dir, env: Self.environment(dir: dir, extra: ["LOKET_ACCESS_TOKEN": Secrets.accessToken]))
        let kills = 2
        try await daemon.startAndKill(kills, every: 100) { simulator.acceptedRequests.count }
        #expect(try await waitUntil(60) { try await store.outboxStats(now: Date()).depth == 0 }, "the outbox never drained")
        await daemon.stop()

        let accepted = simulator.acceptedRequests.map(\.text)
        let distinct = Set(accepted)
        let duplicates = accepted.count - distinct.count
        let resent = daemon.resentAfterKills
        print("durability(b): 1000 replies, \(kills) SIGKILLs, \(accepted.count) sends, \(duplicates) sent twice, \(resent) were in flight at a kill")
        #expect(distinct.count == 1000, "every reply reached the Cloud API")
        #expect(duplicates <= resent, "a reply goes out twice only if it was in flight when the gateway died")
        #expect(try await store.outboxStats(now: Date()).depth == 0)
        let queued = try await store.exportMessages(ExportFilter(), after: 0, limit: 5000).filter { $0.message.direction == .outbound && $0.message.wamid == nil }
        #expect(queued.isEmpty, "every reply has its wamid")
        await simulator.stop()
    }

    @Test func anAnnouncementSurvivesKilledGatewaysWithExactCounts() async throws {
        let throughput = 200
        let (dir, simulator, store) = try await Self.serveDirectory(throughput: throughput)
        let customers = 1200
        try await seedAnnouncementAudience(store, customers: customers, prefix: "814")
        simulator.defineTemplates(try await store.templates())
        let (id, preview) = try await store.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM"],
                                                              audience: .all, by: "rudi")
        #expect(preview.recipients == customers)

        let daemon = Daemon(dir: dir, env: Self.environment(dir: dir, extra: ["LOKET_ACCESS_TOKEN": Secrets.accessToken]))
        let kills = 2
        try await daemon.startAndKill(kills, every: 150) { simulator.acceptedRequests.count }
        #expect(try await waitUntil(60) { try await store.announcementProgress(id).queued == 0 }, "the announcement never finished")
        await daemon.stop()
        await simulator.stop()

        let sent = simulator.acceptedRequests.filter { $0.type == "template" }
        let recipients = sent.map(\.to)
        let duplicates = recipients.count - Set(recipients).count
        let resent = daemon.resentAfterKills
        print("durability(announcement): \(customers) recipients, \(kills) SIGKILLs, \(sent.count) sends, \(duplicates) twice, \(resent) in flight at a kill")
        #expect(Set(recipients).count == customers, "every recipient reached, none lost")
        #expect(duplicates <= resent, "a recipient gets it twice only if it was in flight when the gateway died")
        let p = try await store.announcementProgress(id)
        #expect(p.queued == 0 && p.sent == customers && p.failed == 0 && p.cancelled == 0 && p.state == "done", "\(p)")
        #expect(p.queued + p.sent + p.delivered + p.read + p.failed + p.cancelled + p.optedOut == p.total)
        // Never faster than the configured throughput, restarts included, except for what was on the wire when
        // a gateway was killed: those requests land after the kill, in the second the next gateway (which
        // does not know the dead one's last second) starts sending in.
        let worst = sent.busiestSecond
        #expect(worst <= throughput + resent, "\(worst) sends in one second (\(resent) in flight at a kill)")
    }
}

import AsyncHTTPClient
import Foundation
import LoketCloudAPI
import LoketDomain
import LoketPostgres
import LoketSimulator
import LoketStore
import LoketTestSupport
import NIOCore
import Testing

/// Two `loket serve` on one PostgreSQL store (docs/SPEC.md §13): a webhook may reach either (stored once), together
/// they stay within `throughput`, each message is sent once, and when one is killed the other sends what it had in
/// flight within 10 seconds.
@Suite(.serialized) struct SeveralGatewaysTests {
    static let throughput = 20
    static let customers = (0..<20).map { "6281300000\(String(format: "%03d", $0))" }

    /// A PostgreSQL store with sari holding a chat with each of ``customers``, a simulator, and the two gateways' setting.
    static func rig() async throws -> (store: PostgresStore, url: String, simulator: CloudAPISimulator, dir: String) {
        let cluster = try PostgresCluster.shared()
        let url = cluster.url(database: try cluster.makeDatabase())
        let store = try await PostgresStore(address: PostgresAddress(parsing: url))
        try await store.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
        try await store.addAgent(login: "sari", name: "Sari", role: .agent, capacity: 50)
        try await store.importHistory(customers.map { digits in
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: digits)), profileName: "Nasabah \(digits.suffix(3))", state: .open,
                          assignee: "sari", lines: [.init(direction: .inbound, body: "Halo", at: Date().addingTimeInterval(-60), wamid: "wamid.\(digits)")])
        })
        let (dir, simulator) = try await DurabilityTests.simulatorDirectory(throughput: throughput)
        return (store, url, simulator, dir)
    }

    static func daemon(_ dir: String, url: String) -> DurabilityTests.Daemon {
        DurabilityTests.Daemon(dir: dir, env: DurabilityTests.environment(dir: dir, extra: [
            "LOKET_ACCESS_TOKEN": Secrets.accessToken, "LOKET_STORE": url]))
    }

    /// What the gateway on `port` reports having sent (its /metrics). Asked up to three times: the shared client may
    /// reuse a kept-alive connection the gateway has just closed for idling (it closes them after 10 s), which resets.
    static func sent(port: Int) async throws -> Int {
        var attempt = 0
        while true {
            attempt += 1
            do { return try await metricsSent(port: port) } catch where attempt < 3 {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
    }

    private static func metricsSent(port: Int) async throws -> Int {
        let r = try await CloudAPIClient.sharedHTTP.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5))
        let text = String(buffer: try await r.body.collect(upTo: 1 << 20))
        let line = text.split(separator: "\n").first { $0.hasPrefix("loket_messages_sent_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }

    @Test func twoGatewaysShareTheThroughputSendEachMessageOnceAndStoreAWebhookOnce() async throws {
        let (store, url, simulator, dir) = try await Self.rig()
        defer { Task { await simulator.stop() } }
        let a = Self.daemon(dir, url: url), b = Self.daemon(dir, url: url)
        try await a.start(); try await b.start()
        defer { Task { await a.stop(); await b.stop() } }

        // One delivery reaching both gateways (Meta retrying at another host) is one message.
        let body = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.both", from: "6281399999999", body: "Kartu saya terblokir")],
                                            contacts: [("6281399999999", "Dewi")], phoneNumberID: Secrets.phoneNumberID)
        async let toA = DurabilityTests.deliver(body, to: { a.port })
        async let toB = DurabilityTests.deliver(body, to: { b.port })
        _ = await (toA, toB)
        let dewi = try await store.conversation(.customer(PhoneNumber(trustedDigits: "6281399999999")), for: nil)
        #expect(try await store.messages(in: dewi.id, before: nil, limit: 10).filter { $0.direction == .inbound }.count == 1)

        // 120 replies through both gateways: each once, never more than the throughput in any second, both sending.
        for i in 0..<120 {
            _ = try await store.reply(.customer(PhoneNumber(trustedDigits: Self.customers[i % 20])), by: "sari", text: "Balasan \(i)", replyTo: nil)
        }
        let replies = { simulator.acceptedRequests.filter { $0.text.hasPrefix("Balasan ") } }
        #expect(await waitUntil(60) { replies().count >= 120 }, "\(replies().count) of 120 sent")
        #expect(Set(replies().map(\.text)).count == 120 && replies().count == 120, "each reply exactly once")
        // Timed where they arrive: two processes and the simulator on a machine loaded by the whole suite add scheduling
        // delays between a send and its arrival beyond the 30 ms each limiter allows for, so sends a second apart can
        // arrive a little closer. Any 950 ms of arrivals hold at most a second's worth.
        let arrivals = (simulator.acceptedRequests + simulator.readReceipts).map(\.at.timeIntervalSinceReferenceDate)
        let busiest = RateWindow.busiest(arrivals, within: 0.95)
        #expect(busiest <= Self.throughput, "\(busiest) requests within 950 ms from two gateways (\(RateWindow.busiestSecond(arrivals)) in the busiest second)")
        let (fromA, fromB) = (try await Self.sent(port: a.port), try await Self.sent(port: b.port))
        #expect(fromA > 0 && fromB > 0 && fromA + fromB == 120, "a sent \(fromA), b sent \(fromB)")
    }

    /// Each dispatcher's heartbeat decides its share and records it: a newcomer gets nothing while the first still
    /// sends at the whole throughput, and the other half only a window after the first halved; a dispatcher gone quiet
    /// for a lease's duration stops counting.
    @Test func dispatchersHeartbeatsShareTheThroughput() async throws {
        let cluster = try PostgresCluster.shared()
        let store = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: try cluster.makeDatabase())))
        let t0 = Date()
        #expect(try await store.dispatcherHeartbeat(holder: "a", throughput: 20, now: t0) == 20)
        #expect(try await store.dispatcherHeartbeat(holder: "b", throughput: 20, now: t0) == 0, "a still sends at 20")
        #expect(try await store.dispatcherHeartbeat(holder: "a", throughput: 20, now: t0.addingTimeInterval(2)) == 10)
        #expect(try await store.dispatcherHeartbeat(holder: "b", throughput: 20, now: t0.addingTimeInterval(2.5)) == 0,
                "a's 20 counts for a window after it halved")
        #expect(try await store.dispatcherHeartbeat(holder: "b", throughput: 20, now: t0.addingTimeInterval(3.1)) == 10)
        #expect(try await store.dispatcherHeartbeat(holder: "a", throughput: 20, now: t0.addingTimeInterval(4)) == 10)
        // b falls silent: after a lease's duration a has the whole throughput.
        #expect(try await store.dispatcherHeartbeat(holder: "a", throughput: 20, now: t0.addingTimeInterval(3.1 + OutboxLease.duration + 1)) == 20)
    }

    /// Dispatchers claiming at once never take one entry twice, and between them take every entry.
    @Test func dispatchersClaimingAtOnceTakeEachEntryOnce() async throws {
        let (store, _, simulator, _) = try await Self.rig()
        await simulator.stop()
        for i in 0..<120 {
            _ = try await store.reply(.customer(PhoneNumber(trustedDigits: Self.customers[i % 20])), by: "sari", text: "Kabar \(i)", replyTo: nil)
        }
        let queued = try await store.outboxStats(now: Date()).depth
        #expect(queued >= 120)
        let taken = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for d in 0..<6 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let items = try await store.takeDue(now: Date(), limit: 3, owner: "dispatcher-\(d)")
                        if items.isEmpty { return mine }
                        mine += items.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(taken.count == Set(taken).count, "\(taken.count - Set(taken).count) entries taken twice")
        #expect(Set(taken).count == queued)
    }

    @Test func whenOneGatewayIsKilledTheOtherSendsWhatItHeldWithinTenSeconds() async throws {
        let (store, url, simulator, dir) = try await Self.rig()
        defer { Task { await simulator.stop() } }
        let a = Self.daemon(dir, url: url), b = Self.daemon(dir, url: url)
        try await a.start(); try await b.start()
        defer { Task { await a.stop(); await b.stop() } }
        // Every send takes 3 s at Meta for now, so the gateway killed surely has some in flight.
        for c in Self.customers { simulator.setFault(.slow(3), forRecipient: c) }
        for i in 0..<40 {
            _ = try await store.reply(.customer(PhoneNumber(trustedDigits: Self.customers[i % 20])), by: "sari", text: "Kabar \(i)", replyTo: nil)
        }
        let pid = try #require(a.pid)
        let cluster = try PostgresCluster.shared()
        let database = try #require(url.split(separator: "/").last.map(String.init))
        let heldByA = {
            try cluster.psql("SELECT message_id FROM outbox WHERE lease_owner LIKE '%:\(pid):%' AND message_id IS NOT NULL ORDER BY 1", database: database)
                .split(separator: "\n").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        }
        #expect(try await waitUntil(30) { try !heldByA().isEmpty })
        let held = try heldByA()
        await a.kill9()
        let killed = Date()
        for c in Self.customers { simulator.setFault(nil, forRecipient: c) }
        // What the dead gateway held goes out from the other within 10 seconds; nothing is lost.
        let sentAll = await waitUntil(15) {
            (try? await held.asyncAllSatisfy { try await store.exportMessages(ExportFilter(), after: $0 - 1, limit: 1).first?.message.status != .queued }) ?? false
        }
        let took = Date().timeIntervalSince(killed)
        #expect(sentAll && took < 10, "\(held.count) held by the killed gateway, sent by the other after \(took) s")
        let kabar = { simulator.acceptedRequests.filter { $0.text.hasPrefix("Kabar ") } }
        #expect(await waitUntil(30) { Set(kabar().map(\.text)).count == 40 }, "\(Set(kabar().map(\.text)).count) of 40 sent")
        // Only what the killed gateway had in flight may have reached Meta twice.
        let twice = Dictionary(grouping: kabar(), by: \.text).filter { $0.value.count > 1 }.count
        #expect(twice <= held.count)
    }
}

extension Array {
    func asyncAllSatisfy(_ check: (Element) async throws -> Bool) async rethrows -> Bool {
        for e in self where try await !check(e) { return false }
        return true
    }
}

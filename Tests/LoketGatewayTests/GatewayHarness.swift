import LoketTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import Logging

enum Secrets {
    static let appSecret = "test-app-secret"
    static let verifyToken = "test-verify-token"
    static let accessToken = "EAAtest-token"
    static let phoneNumberID = "106540352242922"
}

func tempStorePath() -> String {
    ScratchDirectory.make("gateway") + "/loket.db"
}

func settings(port: Int = 0, baseURL: String = "http://127.0.0.1:9/v23.0", throughput: Int = 80) -> GatewaySettings {
    var s = GatewaySettings(host: "127.0.0.1", port: port, baseURL: baseURL, phoneNumberID: Secrets.phoneNumberID,
                            throughput: throughput, appSecret: Secrets.appSecret, verifyToken: Secrets.verifyToken,
                            accessToken: Secrets.accessToken)
    s.sendTimeout = 2
    return s
}

/// A store with a supervisor and an agent (sari, who may hold `capacity` chats), on `clock`.
func makeStore(path: String = tempStorePath(), capacity: Int = 10,
               clock: @escaping @Sendable () -> Date = { Date() }) async throws -> SQLiteStore {
    let s = try SQLiteStore(path: path, clock: clock)
    try await s.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 10)
    try await s.addAgent(login: "sari", name: "Sari", role: .agent, capacity: capacity)
    return s
}

func signed(_ body: Data) -> HTTPFields {
    [HTTPField.Name("X-Hub-Signature-256")!: WebhookSignature(appSecret: Secrets.appSecret).header(for: body)]
}

/// The real gateway and the Cloud API simulator, both listening on 127.0.0.1.
final class LiveRig: @unchecked Sendable {
    let store: SQLiteStore
    let simulator: CloudAPISimulator
    private let running: RunningGateway
    var gateway: Gateway { running.gateway }
    var gatewayPort: Int { running.port }

    init(store: SQLiteStore, throughput: Int = 80, statusDelays: (TimeInterval, TimeInterval, TimeInterval)? = (0.01, 0.05, 0.1),
         timeout: TimeInterval = 2, mediaFolder: String? = nil, maxDownloadBytes: Int = 100 << 20) async throws {
        self.store = store
        simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        simulator.statusDelays = statusDelays
        let simPort = try await simulator.start()
        var s = settings(baseURL: "http://127.0.0.1:\(simPort)/v23.0", throughput: throughput)
        s.sendTimeout = timeout
        s.pollInterval = 0.01
        s.startupQuiet = 0
        s.mediaFolder = mediaFolder
        s.maxDownloadBytes = maxDownloadBytes
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .warning
        running = await RunningGateway(try Gateway(settings: s, store: store, logger: logger), logger: logger)
        simulator.webhookURL = "http://127.0.0.1:\(running.port)/webhook"
    }

    func stop() async {
        await running.stop()
        await simulator.stop()
    }

    /// Whether `condition` comes true within `seconds` of real time (see ``waitUntil(_:_:)``).
    func eventually(_ seconds: TimeInterval = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
        try await waitUntil(seconds, condition)
    }
}

/// For tests with real processes and sockets: checks `condition` every 20 ms until it holds (true) or `seconds`
/// of real time have passed (false, and the test's expectation fails there instead of hanging).
func waitUntil(_ seconds: TimeInterval, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A customer conversation claimed by sari, ready for replies.
func openConversation(_ store: SQLiteStore, number: String = "6281234567890", name: String = "Budi Santoso") async throws -> ConversationRef {
    let wamid = "wamid.in.\(number).\(UUID().uuidString)"
    try await store.ingest(InboundBatch(messages: [InboundMessage(wamid: wamid, from: .phone(PhoneNumber(trustedDigits: number)),
                                                                  profileName: name, timestamp: Date(), kind: .text, body: "Halo")]))
    let ref = ConversationRef.customer(PhoneNumber(trustedDigits: number))
    try await store.claim(ref, by: "sari")
    return ref
}

/// A stored message by id, as `export` reads it.
func message(_ store: SQLiteStore, _ id: Int64) async throws -> Message? {
    try await store.exportMessages(ExportFilter(), after: id - 1, limit: 1).first?.message
}

/// `customers` resolved chats that wrote an hour ago (numbers `62` + `prefix` + a 7-digit index) and the approved
/// `service_disruption` template: an announcement's audience.
func seedAnnouncementAudience(_ store: SQLiteStore, customers: Int, prefix: String) async throws {
    try await store.importHistory((0..<customers).map { i in
        HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "62\(prefix)\(String(format: "%07d", i))")), profileName: "Nasabah \(i)",
                      state: .resolved, assignee: "sari",
                      lines: [.init(direction: .inbound, body: "Halo", at: Date().addingTimeInterval(-3600), wamid: "wamid.\(prefix).\(i)")])
    })
    try await store.upsertTemplates([MessageTemplate(
        name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
        componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}}. Mohon maaf 🙏"}]"#, parameterFormat: "positional", updatedAt: Date())])
}

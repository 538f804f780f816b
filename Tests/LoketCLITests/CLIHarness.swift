import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// Runs the real `loket` binary against a temporary store, as a user or a script would.
struct CLIHarness {
    let dir: String
    var store: String { dir + "/loket.db" }
    var config: String { dir + "/loket.toml" }

    init() {
        dir = ScratchDirectory.make("cli")
    }

    static var binary: String { LoketBinary.path }

    struct Result { var status: Int32; var out: String; var err: String }

    /// The environment commands run with: this harness's store and config, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LOKET_STORE"] = store
        env["LOKET_CONFIG"] = config
        env["LOKET_AGENT"] = nil
        env["XDG_CONFIG_HOME"] = dir
        env["XDG_DATA_HOME"] = dir
        // Messages in English unless a test asks for another language (a developer's LANG=id_ID must not change them).
        env["LANG"] = "C.UTF-8"
        // Local times in one zone: the console tests in this process set TZ for theirs (LocalZone), and two commands
        // whose outputs are compared must not each inherit another.
        env["TZ"] = "UTC"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts `loket args…` without waiting.
    func start(_ args: [String], env extra: [String: String] = [:]) throws -> Subprocess {
        try Subprocess(Self.binary, args, environment: environment(extra), directory: dir)
    }

    static func finish(_ started: Subprocess) -> Result {
        let status = started.waitUntilExit()
        return Result(status: status, out: started.stdout, err: started.stderr)
    }

    @discardableResult
    func run(_ args: String..., env: [String: String] = [:]) throws -> Result {
        Self.finish(try start(args, env: env))
    }

    func run(args: [String], env: [String: String] = [:]) throws -> Result {
        Self.finish(try start(args, env: env))
    }

    /// Runs `loket args…` without holding a thread while it runs: for a command that talks to a server in this
    /// test process (the simulator), which needs the threads a blocking wait would hold.
    func runAsync(_ args: String..., env: [String: String] = [:]) async throws -> Result {
        try await runAsync(args: args, env: env)
    }

    func runAsync(args: [String], env: [String: String] = [:]) async throws -> Result {
        let p = try start(args, env: env)
        _ = await p.waitForExit(seconds: 60)
        return Result(status: p.status ?? -1, out: p.stdout, err: p.stderr)
    }

    /// `loket init` with supervisor rudi, plus agents sari and budi, and customers who wrote in.
    func seeded(customers: [(String, String, String)] = [("+6281234567890", "Budi Santoso", "Kartu ATM saya tertelan")],
                wroteAgo: TimeInterval = 60) async throws -> SQLiteStore {
        let r = try run("init", "--supervisor", "rudi", "--name", "Rudi Hartono")
        precondition(r.status == 0, r.err)
        let s = try SQLiteStore(path: store, rateCard: try RateCard(ratesCSV: Self.rates, callingCodesCSV: Self.codes))
        try await s.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 5)
        try await s.addAgent(login: "budi", name: "Budi Agent", role: .agent, capacity: 5)
        let at = Date().addingTimeInterval(-wroteAgo)
        try await s.ingest(InboundBatch(messages: customers.enumerated().map { i, c in
            InboundMessage(wamid: "wamid.seed\(i)", from: .phone(try! PhoneNumber(c.0)), profileName: c.1,
                           timestamp: at.addingTimeInterval(Double(i)), kind: .text, body: c.2)
        }))
        return s
    }

    /// A loket.toml whose Cloud API is the simulator on `simulatorPort` (with a WhatsApp Business Account id).
    func configureCloudAPI(simulatorPort: Int) throws {
        try """
        [business]
        name = "Bank Nusantara"
        [cloud_api]
        base_url = "http://127.0.0.1:\(simulatorPort)/v23.0"
        phone_number_id = "106540352242922"
        waba_id = "102290129340398"
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    static let rates = "market,currency,marketing,utility,authentication,authentication_international,service\nIndonesia,USD,0.0411,0.0250,0.0250,0.1360,0\nOther,USD,0.0604,0.0077,0.0077,,0\n"
    static let codes = "prefix,iso2,country,market\n62,ID,Indonesia,Indonesia\n"
}

extension String {
    /// The JSON object on each line.
    var jsonLines: [[String: Any]] {
        split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(utf8)) as? [[String: Any]]) ?? []
    }
}

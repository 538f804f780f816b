public import Foundation
import LoketCloudAPI
public import LoketConfig
public import LoketDomain

/// What `loket serve` needs: where to listen, the Cloud API endpoint and the secrets (from the environment).
public struct GatewaySettings: Sendable {
    public var host: String
    public var port: Int
    public var baseURL: String
    public var phoneNumberID: String
    /// Messages per second Meta allows; the dispatcher never exceeds it.
    public var throughput: Int
    /// A send still being retried this long after it was queued gives up with the last error (`retry_for_hours`).
    public var retryFor: TimeInterval = SendPolicy.defaultRetryFor
    /// Verifies `X-Hub-Signature-256`; without it the webhook refuses every POST (401).
    public var appSecret: String?
    /// Answers Meta's GET handshake; without it every handshake gets 403.
    public var verifyToken: String?
    /// Authorises sends; without it the outbox is not dispatched (messages stay queued).
    public var accessToken: String?
    /// Largest webhook body accepted (docs/SPEC.md §3: 1 MiB).
    public var maxBodyBytes = 1 << 20
    /// Bytes held at once, over all connections, for bodies not yet authenticated (see ``UnauthenticatedBudget``).
    public var maxUnauthenticatedBytes = 32 << 20
    /// Connections served at once; more wait in the listen backlog.
    public var maxConnections = 4_096
    /// A connection that sends nothing for this long (headers included) is closed.
    public var idleTimeout: TimeInterval = 10
    /// A webhook body must arrive whole within this long (a client trickling bytes is answered 408).
    public var bodyTimeout: TimeInterval = 10
    /// Concurrent sends at most.
    public var maxInFlight = 32
    /// How often the dispatcher looks for due messages when idle.
    public var pollInterval: TimeInterval = 0.05
    /// Per-request timeout towards the Cloud API.
    public var sendTimeout: TimeInterval = 15
    /// Seconds the dispatcher waits after starting before its first send (a predecessor's rate window).
    public var startupQuiet: TimeInterval = 1
    /// Give new waiting conversations to online agents automatically.
    public var roundRobin = false
    /// Opening hours and the away message (nil: always open, no away message).
    public var businessHours: BusinessHours?
    /// The business's IANA time zone (opening hours are in it).
    public var timeZone = "Asia/Jakarta"
    /// Where inbound attachments are kept (nil: they are not fetched).
    public var mediaFolder: String?
    /// The media folder is shared by a team group (`[store] group`): files 0660, the folder 2770.
    public var sharedMedia = false
    /// Inbound attachments larger than this are not fetched (`[media] max_download_mb`).
    public var maxDownloadBytes = 100 << 20
    /// Downloads at once: a burst of a thousand photos is fetched a few at a time.
    public var mediaConcurrency = 4
    /// Where the gateway's time comes from: the wall clock, or a manual clock in tests.
    public var clock: any LoketClock = SystemClock()

    public init(host: String, port: Int, baseURL: String, phoneNumberID: String, throughput: Int,
                appSecret: String?, verifyToken: String?, accessToken: String?) {
        self.host = host; self.port = port; self.baseURL = baseURL; self.phoneNumberID = phoneNumberID
        self.throughput = throughput; self.appSecret = appSecret; self.verifyToken = verifyToken
        self.accessToken = accessToken
    }

    /// Settings from loket.toml, with the secrets read from the environment variables it names.
    public init(config: LoketConfiguration, environment: [String: String]) {
        func secret(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(host: config.server.host, port: config.server.port, baseURL: config.cloudAPI.baseURL,
                  phoneNumberID: config.cloudAPI.phoneNumberID, throughput: config.cloudAPI.throughput,
                  appSecret: secret(config.cloudAPI.appSecretEnv), verifyToken: secret(config.cloudAPI.verifyTokenEnv),
                  accessToken: secret(config.cloudAPI.accessTokenEnv))
        roundRobin = config.assignment == .roundRobin
        retryFor = TimeInterval(config.cloudAPI.retryForHours) * 3600
        maxDownloadBytes = config.media.maxDownloadMB << 20
        if !config.media.dir.isEmpty { mediaFolder = config.media.dir }
        sharedMedia = config.store.group != nil
        businessHours = config.businessHours
        timeZone = config.business.timeZone
        secretVariables = (config.cloudAPI.accessTokenEnv, config.cloudAPI.appSecretEnv, config.cloudAPI.verifyTokenEnv)
    }

    /// The names of the environment variables the secrets came from (for messages; never their values).
    public var secretVariables = (accessToken: "LOKET_ACCESS_TOKEN", appSecret: "LOKET_APP_SECRET", verifyToken: "LOKET_VERIFY_TOKEN")

    /// Secrets that cannot work as set (a trailing CR, a space): one line each, naming the variable only.
    public var secretProblems: [String] {
        [(secretVariables.accessToken, accessToken), (secretVariables.appSecret, appSecret), (secretVariables.verifyToken, verifyToken)]
            .compactMap { name, value in value.flatMap { SecretCheck.problem(variable: name, value: $0) } }
    }

    /// Why sending cannot work as configured, if it cannot (the dispatcher raises the alarm instead of retrying).
    public var configurationProblem: String? { secretProblems.first }

    /// One line per missing secret, naming the variable and what is disabled.
    public func warnings(config: LoketConfiguration) -> [String] {
        var w: [String] = []
        if appSecret == nil { w.append("$\(config.cloudAPI.appSecretEnv) is not set: webhook POSTs will be refused (401) until it is") }
        if verifyToken == nil { w.append("$\(config.cloudAPI.verifyTokenEnv) is not set: Meta's webhook verification will get 403") }
        if accessToken == nil { w.append("$\(config.cloudAPI.accessTokenEnv) is not set: replies stay queued, nothing is sent") }
        if phoneNumberID.isEmpty { w.append("[cloud_api] phone_number_id is empty: replies stay queued, nothing is sent") }
        return w
    }
}

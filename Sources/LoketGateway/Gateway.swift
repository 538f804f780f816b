import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
public import LoketCloudAPI
import LoketDomain
import LoketMedia
public import LoketStore
public import ServiceLifecycle

/// `loket serve`: the webhook receiver, the outbox dispatcher and their metrics, as one Hummingbird
/// application that shuts down gracefully on SIGTERM/SIGINT (in-flight requests and sends finish first).
public final class Gateway: Sendable {
    public let settings: GatewaySettings
    public let store: any GatewayStore
    public let metrics = GatewayMetrics()
    public let pipeline: IngestPipeline
    public let dispatcher: OutboxDispatcher
    /// Downloads customers' attachments (nil without a media folder or a way to reach the Cloud API).
    public let mediaFetcher: MediaFetcher?
    /// This gateway's hold on the outbox (on SQLite, the only one: a second gateway is refused).
    public let ownership: any OutboxOwnership
    /// Bytes of unauthenticated webhook bodies held at once, over all connections.
    let budget: UnauthenticatedBudget
    /// Fired when graceful shutdown begins: webhook bodies still arriving are answered 503 at once.
    public let shutdown = ShutdownSignal()
    let logger: Logger

    /// Takes the outbox for this gateway first, before anything else touches the store.
    /// - Parameter client: the Cloud API client; nil builds one from the settings when they allow sending.
    /// - Throws: ``OutboxOwned`` when another live gateway dispatches this store's outbox.
    public init(settings: GatewaySettings, store: any GatewayStore, client: (any CloudAPISending)? = nil, logger: Logger) throws {
        ownership = try store.acquireOutbox(holder: Self.describeProcess(at: settings.clock.now))
        self.settings = settings
        budget = UnauthenticatedBudget(bytes: settings.maxUnauthenticatedBytes)
        self.store = store
        self.logger = logger
        let metrics = self.metrics
        let away = settings.businessHours.map {
            AwayResponder(store: store, hours: $0, timeZone: settings.timeZone, clock: settings.clock, metrics: metrics, logger: logger)
        }
        var sender = client
        if sender == nil, let token = settings.accessToken, !settings.phoneNumberID.isEmpty {
            sender = CloudAPIClient(baseURL: settings.baseURL, phoneNumberID: settings.phoneNumberID, token: token,
                                    timeout: settings.sendTimeout)
        }
        dispatcher = OutboxDispatcher(store: store, client: sender, settings: settings, metrics: metrics, logger: logger)
        // Attachments are fetched with the same token, into the media folder (none configured: not fetched).
        let activity = WebhookActivity()
        let fetcher: MediaFetcher? = if let path = settings.mediaFolder, let mediaClient = sender as? any MediaFetching {
            MediaFetcher(store: store, client: mediaClient, folder: MediaFolder(path: path, shared: settings.sharedMedia),
                                   maxBytes: settings.maxDownloadBytes, concurrency: settings.mediaConcurrency, metrics: metrics,
                                   logger: logger, clock: settings.clock, webhooks: activity)
        } else { nil }
        mediaFetcher = fetcher
        var afterCommit: (@Sendable (IngestResult) async -> Void)?
        if away != nil || fetcher != nil {
            afterCommit = { r in
                if r.mediaQueued > 0 { await fetcher?.wake() }
                await away?.answer(r.customersWrote)
            }
        }
        pipeline = IngestPipeline(store: store, metrics: metrics, afterCommit: afterCommit, activity: fetcher == nil ? nil : activity,
                                  clock: settings.clock)
    }

    /// `pid N on HOST since TIME`, for the error a second gateway prints.
    static func describeProcess(at now: Date) -> String {
        let since = ISO8601DateFormatter().string(from: now)
        return "loket serve, pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(since)"
    }

    public var routes: WebhookRoutes {
        WebhookRoutes(settings: settings, pipeline: pipeline, store: store, metrics: metrics, logger: logger, budget: budget,
                      shutdown: shutdown)
    }

    /// What a service group runs for this gateway: the application, then the watcher that tells requests
    /// still reading a body to give up as soon as shutdown begins.
    public func services(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        [application(onRunning: onRunning), ShutdownWatcher(signal: shutdown)]
    }

    /// The application; `onRunning` receives the bound port (useful with port 0).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: routes.router(),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections)),
            services: [dispatcher, FeedPruner(store: store, clock: settings.clock),
                       PendingWaker(store: store, clock: settings.clock, logger: logger)]
                + (mediaFetcher.map { [$0] } ?? [])
                + (settings.roundRobin ? [AutoAssigner(store: store, logger: logger, clock: settings.clock)] : []),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// Fires the gateway's ``ShutdownSignal`` when graceful shutdown begins. A service group shuts its services
/// down last first, and the HTTP server waits for requests in progress, so this must come after the
/// application in the group (see ``Gateway/services(onRunning:)``).
struct ShutdownWatcher: Service {
    let signal: ShutdownSignal
    func run() async throws {
        try? await gracefulShutdown()
        signal.fire()
    }
}

/// Keeps the change feed short (consoles only need its recent past) and lets early statuses expire.
struct FeedPruner: Service {
    let store: any GatewayStore
    let clock: any LoketClock
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await store.pruneExpired(keepChanges: 200_000, now: clock.now)
                try? await clock.sleep(for: 60)
            }
        }
    }
}

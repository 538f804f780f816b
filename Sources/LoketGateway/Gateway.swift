import Foundation
import Hummingbird
import LoketCloudAPI
import LoketStore
import Logging
import ServiceLifecycle

/// `loket serve`: the webhook receiver, the outbox dispatcher and their metrics, as one Hummingbird
/// application that shuts down gracefully on SIGTERM/SIGINT (in-flight requests and sends finish first).
public final class Gateway: Sendable {
    public let settings: GatewaySettings
    public let store: any LoketStoreMaintenance
    public let metrics = GatewayMetrics()
    public let pipeline: IngestPipeline
    public let dispatcher: OutboxDispatcher
    let logger: Logger

    /// - Parameter client: the Cloud API client; nil builds one from the settings when they allow sending.
    public init(settings: GatewaySettings, store: any LoketStoreMaintenance, client: (any CloudAPISending)? = nil, logger: Logger) {
        self.settings = settings
        self.store = store
        self.logger = logger
        pipeline = IngestPipeline(store: store, metrics: metrics)
        var sender = client
        if sender == nil, let token = settings.accessToken, !settings.phoneNumberID.isEmpty {
            sender = CloudAPIClient(baseURL: settings.baseURL, phoneNumberID: settings.phoneNumberID, token: token,
                                    timeout: settings.sendTimeout)
        }
        dispatcher = OutboxDispatcher(store: store, client: sender, settings: settings, metrics: metrics, logger: logger)
    }

    public var routes: WebhookRoutes {
        WebhookRoutes(settings: settings, pipeline: pipeline, store: store, metrics: metrics, logger: logger)
    }

    /// The application; `onRunning` receives the bound port (useful with port 0).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: routes.router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            services: [dispatcher, FeedPruner(store: store)] + (settings.roundRobin ? [AutoAssigner(store: store, logger: logger)] : []),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// Keeps the change feed short: consoles only need its recent past.
struct FeedPruner: Service {
    let store: any LoketStoreMaintenance
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await store.pruneChanges(keep: 200_000)
                try? await Task.sleep(nanoseconds: 60_000_000_000)
            }
        }
    }
}

import ArgumentParser
import Foundation
import Hummingbird
import Logging
import LoketConfig
import LoketDomain
import LoketGateway
import LoketMedia
import LoketStore
import ServiceLifecycle
import UnixSignals

/// `loket serve`: the gateway daemon (webhook receiver, outbox dispatcher).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: Meta's webhook in, the outbox out to the Cloud API.",
        discussion: "Secrets come from the environment variables named in [cloud_api]. SIGTERM or Ctrl-C stops it gracefully.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (default: [server] host).") var host: String?
    @Option(help: "Port to listen on (default: [server] port; 0 picks a free one).") var port: Int?

    func run() async throws {
        try await guarded {
            if let p = port, !(0...65535).contains(p) { throw ValidationError("--port must be 0-65535") }
            let (config, store) = try await global.open()
            var settings = GatewaySettings(config: config, environment: ProcessInfo.processInfo.environment)
            if let h = host { settings.host = h }
            if let p = port { settings.port = p }
            settings.mediaFolder = global.mediaFolder(config).path
            // A secret that cannot work is an error before anything starts (the variable is named, never its value).
            if let problem = settings.secretProblems.first { throw InputError(problem) }
            let logger = Log.make("loket.gateway")
            // Before anything touches the outbox: a second gateway on this store stops here (exit 75).
            let gateway = try Gateway(settings: settings, store: store, logger: logger)
            logger.notice("configuration: \(config.file.map { "\($0)" } ?? "none found, built-in defaults"); store: \(global.storePath); Cloud API: \(settings.baseURL)")
            for w in settings.warnings(config: config) { logger.warning("\(w)") }
            let listenHost = settings.host
            let services = gateway.services { bound in
                logger.notice("listening on http://\(listenHost):\(bound) (webhook /webhook, /healthz, /metrics)")
            }
            FileLimit.raiseToHardLimit()
            // A stalled client can hold shutdown no longer than the body timeout; sends in flight get their own.
            var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(settings.bodyTimeout + settings.sendTimeout + 5)
            try await ServiceGroup(configuration: group).run()
        }
    }
}

/// swift-log set up once per process: human-readable lines on stderr, level from $LOKET_LOG_LEVEL.
enum Log {
    nonisolated(unsafe) private static var bootstrapped = false
    private static let lock = NSLock()

    static func make(_ label: String) -> Logger {
        lock.withLock {
            if !bootstrapped {
                LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
                bootstrapped = true
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["LOKET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}

/// Lets the gateway use every file descriptor the hard limit allows (each connection is one), so that
/// its connection cap, not the soft default of 1,024, decides how many clients are served at once.
enum FileLimit {
    static func raiseToHardLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

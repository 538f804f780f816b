import ArgumentParser
import Foundation
import Hummingbird
import LoketConfig
import LoketGateway
import LoketStore
import Logging

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
            let (config, store) = try global.open()
            var settings = GatewaySettings(config: config, environment: ProcessInfo.processInfo.environment)
            if let h = host { settings.host = h }
            if let p = port { settings.port = p }
            let logger = Log.make("loket.gateway")
            for w in settings.warnings(config: config) { logger.warning("\(w)") }
            let gateway = Gateway(settings: settings, store: store, logger: logger)
            let listenHost = settings.host
            let app = gateway.application { bound in
                logger.notice("listening on http://\(listenHost):\(bound) (webhook /webhook, /healthz, /metrics)")
            }
            try await app.runService()
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

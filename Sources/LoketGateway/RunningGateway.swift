import Foundation
public import Logging
import LoketStore
import ServiceLifecycle

/// A gateway running inside another program (the demo, tests, benchmarks) rather than as `loket serve`:
/// its application in a service group of its own, listening on ``port``, until ``stop()``.
public final class RunningGateway: Sendable {
    public let gateway: Gateway
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    /// Starts `gateway` and returns once it listens (on a free port when its settings say 0).
    public init(_ gateway: Gateway, logger: Logger) async {
        self.gateway = gateway
        let (ports, bound) = AsyncStream<Int>.makeStream()
        let services = gateway.services { port in bound.yield(port); bound.finish() }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger))
        self.group = group
        running = Task { try? await group.run() }
        var port = 0
        for await p in ports { port = p }
        self.port = port
    }

    /// Shuts down gracefully (in-flight requests and sends finish) and waits until it has.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
        gateway.ownership.release()
    }
}

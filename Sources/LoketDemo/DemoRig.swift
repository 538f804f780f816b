import Foundation
import LoketGateway
import LoketSimulator
import LoketStore
import Logging
import ServiceLifecycle

/// The demo's moving parts on 127.0.0.1: the Cloud API simulator, the real gateway between it and the store,
/// and the simulated customers. Secrets are generated for this run and never leave the process.
public final class DemoRig: @unchecked Sendable {
    public let simulator: CloudAPISimulator
    public let gateway: Gateway
    public let gatewayPort: Int
    public let simulatorPort: Int
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    private let customers: Task<Void, Never>

    public static let phoneNumberID = "106540352242922"

    static func secret() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    public init(store: any LoketStoreMaintenance, throughput: Int = 80, logger: Logger) async throws {
        let (appSecret, verifyToken, accessToken) = (Self.secret(), Self.secret(), "EAA" + Self.secret())
        simulator = CloudAPISimulator(token: accessToken, phoneNumberID: Self.phoneNumberID, appSecret: appSecret, logger: logger)
        // Ticks a person can watch: sent at once, delivered after a moment, read a little later.
        simulator.statusDelays = (0.5, 2.0, 6.0)
        simulatorPort = try await simulator.start()
        var settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:\(simulatorPort)/v23.0",
                                       phoneNumberID: Self.phoneNumberID, throughput: throughput, appSecret: appSecret,
                                       verifyToken: verifyToken, accessToken: accessToken)
        settings.sendTimeout = 10
        gateway = Gateway(settings: settings, store: store, logger: logger)
        let (ports, bound) = AsyncStream<Int>.makeStream()
        let app = gateway.application { port in bound.yield(port); bound.finish() }
        group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let g = group
        running = Task { try? await g.run() }
        var port = 0
        for await p in ports { port = p }
        gatewayPort = port
        simulator.webhookURL = "http://127.0.0.1:\(port)/webhook"
        let people = DemoCustomers(simulator: simulator)
        customers = Task { await people.run() }
    }

    /// Stops the customers, then the gateway (finishing what is in flight), then the simulator.
    public func stop() async {
        customers.cancel()
        await customers.value
        await group.triggerGracefulShutdown()
        await running.value
        await simulator.stop()
    }
}

import Foundation
public import Logging
public import LoketGateway
public import LoketSimulator
public import LoketStore

/// The demo's moving parts on 127.0.0.1: the Cloud API simulator, the real gateway between it and the store,
/// and the simulated customers. Secrets are generated for this run and never leave the process.
public final class DemoRig: @unchecked Sendable {
    public let simulator: CloudAPISimulator
    public let gateway: RunningGateway
    public var gatewayPort: Int { gateway.port }
    public let simulatorPort: Int
    private let customers: Task<Void, Never>

    public static let phoneNumberID = "106540352242922"

    static func secret() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// - Parameter mediaFolder: where customers' attachments are kept (nil: not fetched).
    public init(store: any LoketStoreMaintenance, throughput: Int = 80, mediaFolder: String? = nil, logger: Logger) async throws {
        let (appSecret, verifyToken, accessToken) = (Self.secret(), Self.secret(), "EAA" + Self.secret())
        simulator = CloudAPISimulator(token: accessToken, phoneNumberID: Self.phoneNumberID, appSecret: appSecret, logger: logger)
        // Ticks a person can watch: sent at once, delivered after a moment, read a little later.
        simulator.statusDelays = (0.5, 2.0, 6.0)
        // "Meta" knows the desk's templates, and checks every template send against them.
        simulator.defineTemplates(try await store.templates())
        simulatorPort = try await simulator.start()
        var settings = GatewaySettings(host: "127.0.0.1", port: 0, baseURL: "http://127.0.0.1:\(simulatorPort)/v23.0",
                                       phoneNumberID: Self.phoneNumberID, throughput: throughput, appSecret: appSecret,
                                       verifyToken: verifyToken, accessToken: accessToken)
        settings.sendTimeout = 10
        settings.mediaFolder = mediaFolder
        gateway = await RunningGateway(try Gateway(settings: settings, store: store, logger: logger), logger: logger)
        simulator.webhookURL = "http://127.0.0.1:\(gateway.port)/webhook"
        let people = DemoCustomers(simulator: simulator)
        customers = Task { await people.run() }
    }

    /// Stops the customers, then the gateway (finishing what is in flight), then the simulator.
    public func stop() async {
        customers.cancel()
        await customers.value
        await gateway.stop()
        await simulator.stop()
    }
}

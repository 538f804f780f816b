public import Foundation
public import Logging
public import LoketDomain
public import LoketStore
public import ServiceLifecycle

/// Round-robin assignment (`[assignment] mode = "round_robin"`): every second, waiting conversations go to
/// online agents under capacity, fairly. The store makes each pass atomic, so it is safe beside consoles.
public struct AutoAssigner: Service {
    let store: any GatewayStore
    let logger: Logger
    let interval: TimeInterval
    let clock: any LoketClock

    public init(store: any GatewayStore, logger: Logger, interval: TimeInterval = 1, clock: any LoketClock = SystemClock()) {
        self.store = store; self.logger = logger; self.interval = interval; self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let assigned = try await store.autoAssignWaiting(limit: 100)
                    for a in assigned { logger.info("round robin: conversation \(a.conversation) to \(a.agent)") }
                } catch {
                    logger.error("round robin: \(error)")
                }
                try? await clock.sleep(for: interval)
            }
        }
    }
}

import Foundation
import LoketDomain
import LoketStore
import Logging
import ServiceLifecycle

/// Brings pending chats back to their agents when their time comes (docs/SPEC.md §10). It looks at start, so a time
/// that passed while no gateway ran is honoured on the next start, then every ``interval`` seconds.
struct PendingWaker: Service {
    let store: any GatewayStore
    let clock: any LoketClock
    let logger: Logger
    static let interval: TimeInterval = 15

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let woken = try await store.wakeDuePending(now: clock.now)
                    if !woken.isEmpty { logger.info("\(woken.count) pending conversation(s) came back at their time") }
                } catch {
                    logger.error("pending wake-up: \(error)")
                }
                try? await clock.sleep(for: Self.interval)
            }
        }
    }
}

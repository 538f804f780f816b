import Logging
import LoketDomain

/// A store write the gateway must not lose (how a send or a download ended): tried up to five times, 0.2 s apart on
/// the gateway's clock, each failure logged as `what (attempt N): error`.
enum Persistently {
    /// Runs on the caller's actor (the dispatcher's, the fetcher's), as `op` does.
    static func write(_ what: @autoclosure () -> String, clock: any LoketClock, logger: Logger,
                      isolation: isolated (any _Concurrency.Actor)? = #isolation, _ op: () async throws -> Void) async {
        for attempt in 1...5 {
            do { try await op(); return }
            catch {
                logger.error("\(what()) (attempt \(attempt)): \(error)")
                try? await clock.sleep(for: 0.2)
            }
        }
    }
}

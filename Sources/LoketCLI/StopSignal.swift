import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into an event to wait for. Listening starts when it is made, so a signal that
/// arrives before anyone waits is not lost (and does not kill the process).
final class StopSignal {
    private let stops: AsyncStream<Void>
    private let sources: [any DispatchSourceSignal]

    init() {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (stops, stop) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.stops = stops
        sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stop.yield() }
            source.resume()
            return source
        }
    }

    /// Returns at the first SIGINT or SIGTERM (at once if one came already).
    func wait() async {
        for await _ in stops { break }
        sources.forEach { $0.cancel() }
    }
}

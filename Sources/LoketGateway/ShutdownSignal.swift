import Foundation

/// Fired once when the gateway starts shutting down, so work that waits on clients (a webhook body that is
/// still arriving) gives up at once instead of holding the shutdown until its own timeout.
public final class ShutdownSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var nextID = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    /// How many calls to ``wait()`` are waiting now (tests wait for their waiter to be registered).
    package var waiting: Int { lock.withLock { waiters.count } }

    public func fire() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            guard !fired else { return [] }
            fired = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for w in woken { w.resume() }
    }

    /// Returns once ``fire()`` has been called (at once if it already was), or when the calling task is
    /// cancelled: a request that finished reading its body must not be held by this wait.
    public func wait() async {
        let id: Int = lock.withLock { nextID += 1; return nextID }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if fired || Task.isCancelled { return true }
                    waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = lock.withLock { waiters.removeValue(forKey: id) }
            c?.resume()
        }
    }
}

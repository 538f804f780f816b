import Foundation

/// Waiting for a task without being held by it: the waiter goes on after a deadline, the task runs on.
enum BoundedWait {
    /// True when `task` finished within `limit`; false when the deadline came first.
    static func finishes(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = Once(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                once.resume(false)
            }
            Task {
                await task.value
                timer.cancel()
                once.resume(true)
            }
        }
    }

    /// Resumes a continuation at most once (whichever of the task and the timer comes first).
    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Bool, Never>?

        init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }

        func resume(_ value: Bool) {
            let c = lock.withLock { () -> CheckedContinuation<Bool, Never>? in
                defer { continuation = nil }
                return continuation
            }
            c?.resume(returning: value)
        }
    }
}

/// A background store write (presence, read markers) of which at most one runs at a time. Asking while one
/// runs queues the newest request to run after it; older queued requests are dropped.
@MainActor
final class WriteSlot {
    /// The running write, nil when the slot is idle.
    private(set) var task: Task<Void, Never>?
    private var next: (@MainActor () async -> Void)?

    func request(_ body: @escaping @MainActor () async -> Void) {
        next = body
        if task == nil { task = Task { await self.run() } }
    }

    private func run() async {
        while let body = next {
            next = nil
            await body()
        }
        task = nil
    }
}

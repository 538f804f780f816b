import Foundation
import LoketDomain
import LoketStore

/// Store writes never hold the event loop: another process may keep the write lock for up to the busy
/// timeout. A key's write (claim, reply, …) runs in a task, one at a time, and its result is applied by
/// ``drain()`` when the loop is told it finished; presence and read markers are written in the background.
/// A write waiting longer than ``busyAfter`` shows "store busy…" until every write is done.
extension ConsoleController {
    static let busyAfter: Duration = .milliseconds(300)

    /// Runs a key's store write off the loop; `done` gets its value later, errors go to the status line.
    /// While one is outstanding another is refused, so two actions never cross.
    func perform<T: Sendable>(_ label: String, _ write: @escaping @Sendable () async throws -> T,
                              done: @escaping @MainActor (T) async -> Void) {
        if let running = state.pendingAction {
            warn("store busy… {1} not started: the {2} has not finished", label, running)
            return
        }
        state.pendingAction = label
        actionsStarted += 1
        let token = beginWrite()
        actionTask = Task { [weak self] in
            let result: Result<T, any Error>
            do { result = .success(try await write()) } catch { result = .failure(error) }
            guard let self else { return }
            actionTask = nil
            endWrite(token)
            completions.append { [weak self] in
                guard let self else { return }
                state.pendingAction = nil
                switch result {
                case .success(let value): await done(value)
                case .failure(let error): report(error)
                }
            }
            wake()
        }
    }

    /// Marks a conversation read for this agent in the background (then reloads the queue's unread marks).
    func markRead(_ id: Int64, thenReloadQueue: Bool) {
        conversationsToMarkRead.insert(id)
        if thenReloadQueue { reloadQueueAfterMarkingRead = true }
        readMarkers.request { [weak self] in await self?.writeReadMarkers() }
    }

    private func writeReadMarkers() async {
        let ids = conversationsToMarkRead.sorted()
        let reload = reloadQueueAfterMarkingRead
        conversationsToMarkRead = []
        reloadQueueAfterMarkingRead = false
        let (store, login) = (self.store, state.me.login)
        let token = beginWrite()
        let receipts = settings.readReceipts
        for id in ids {
            try? await store.markRead(conversation: id, by: login)
            // With `read_receipts = "on_open"` the holder having it on screen gives the customer blue ticks too.
            if receipts == .onOpen { _ = try? await store.sendReadReceipt(conversation: id, by: login, trigger: .opened, mode: receipts) }
        }
        endWrite(token)
        if reload {
            completions.append { [weak self] in await self?.reloadQueue() }
            wake()
        }
    }

    /// Counts a write as outstanding; if it still is after ``busyAfter``, the console says the store is busy.
    func beginWrite() -> Int {
        writeCount += 1
        let token = writeCount
        writesInFlight.insert(token)
        Task { [weak self] in
            try? await Task.sleep(for: Self.busyAfter)
            guard let self, writesInFlight.contains(token), !state.storeBusy else { return }
            state.storeBusy = true
            wake()
        }
        return token
    }

    func endWrite(_ token: Int) {
        writesInFlight.remove(token)
        if writesInFlight.isEmpty && state.storeBusy {
            state.storeBusy = false
            wake()
        }
    }

    /// Applies the results of the writes that finished (the loop calls it when woken).
    func drain() async {
        while !completions.isEmpty {
            let next = completions.removeFirst()
            await next()
        }
    }

    /// Waits at most `limit` for a write started since the last call and applies its result, so keys typed
    /// ahead act on it (the loop calls it after each key; a stuck write holds the keys behind it once, briefly).
    func settleAction(within limit: Duration) async {
        guard actionsStarted != actionsSettled else { return }
        actionsSettled = actionsStarted
        if let task = actionTask { _ = await BoundedWait.finishes(task, within: limit) }
        await drain()
    }

    /// Waits for every write started so far and applies its result: tests call it after a key, so its
    /// effects are on the screen when they look.
    public func settle() async {
        while true {
            let running = [heartbeats.task, readMarkers.task, typingIndicators.task, actionTask].compactMap { $0 }
            if running.isEmpty && completions.isEmpty { return }
            for task in running { await task.value }
            await drain()
        }
    }
}

extension ConsoleController {
    /// The mark-read key: the holder tells the customer their messages were read (docs/SPEC.md §9).
    func markReadForCustomer() {
        guard let c = state.conversation else { say("select a conversation first"); return }
        let (me, id, mode) = (state.me.login, c.id, settings.readReceipts)
        perform("mark read", { [store] in
            try await store.sendReadReceipt(conversation: id, by: me, trigger: .markReadKey, mode: mode)
        }) { [self] queued in
            say(queued ? "marked read for the customer" : "nothing new to mark read")
        }
    }

    /// While the holder types a reply, Meta's typing indicator (which marks read too) at most every 20 s. A note,
    /// or someone else typing in the holder's chat, tells the customer nothing.
    func sendTypingIndicator() {
        guard let c = state.conversation, c.facts.assignee == state.me.login else { return }
        let now = clock()
        guard ReadReceipts.typingDue(lastSent: typingIndicatorSent[c.id], now: now) else { return }
        typingIndicatorSent[c.id] = now
        let (store, me, id, mode) = (self.store, state.me.login, c.id, settings.readReceipts)
        typingIndicators.request { [weak self] in
            let token = self?.beginWrite()
            _ = try? await store.sendReadReceipt(conversation: id, by: me, trigger: .typing, mode: mode)
            if let token { self?.endWrite(token) }
        }
    }
}

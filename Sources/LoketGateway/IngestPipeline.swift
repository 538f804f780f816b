import Foundation
public import LoketDomain
public import LoketStore

/// Group commit for webhooks: deliveries that arrive while a transaction is committing are stored
/// together in the next one, so each webhook still gets its 200 only after its data is durable, but
/// the store pays one fsync for many of them. A store that takes several writers at once (PostgreSQL) gets up to
/// ``GatewayStore/writersAtOnce`` such transactions at a time.
public actor IngestPipeline {
    private let store: any GatewayStore
    private let metrics: GatewayMetrics
    private var pending: [(batch: InboundBatch, done: CheckedContinuation<Void, any Error>)] = []
    /// Transactions committing now (at most ``GatewayStore/writersAtOnce``).
    private var draining = 0
    private let writers: Int
    /// Upper bound of messages and statuses in one transaction.
    private let maxItems: Int
    /// Runs after a batch is committed and its webhooks answered (the away message), never delaying them.
    private let afterCommit: (@Sendable (IngestResult) async -> Void)?

    /// Marked at every commit (background work gives way to webhooks).
    private let activity: WebhookActivity?
    private let clock: any LoketClock

    public init(store: any GatewayStore, metrics: GatewayMetrics, maxItems: Int = 2000,
                afterCommit: (@Sendable (IngestResult) async -> Void)? = nil, activity: WebhookActivity? = nil,
                clock: any LoketClock = SystemClock()) {
        self.store = store; self.metrics = metrics; self.maxItems = maxItems; self.afterCommit = afterCommit
        self.activity = activity; self.clock = clock
        writers = max(1, store.writersAtOnce)
    }

    /// Returns once the batch is committed; throws if it could not be stored.
    public func submit(_ batch: InboundBatch) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append((batch, c))
            if draining < writers {
                draining += 1
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var take = 0, items = 0
            while take < pending.count && (take == 0 || items + pending[take].batch.messages.count + pending[take].batch.statuses.count <= maxItems) {
                items += pending[take].batch.messages.count + pending[take].batch.statuses.count
                take += 1
            }
            let group = Array(pending.prefix(take))
            pending.removeFirst(take)
            var merged = InboundBatch()
            for g in group { merged.append(g.batch) }
            do {
                let r = try await store.ingest(merged)
                record(r)
                for g in group { g.done.resume() }
                after(r)
            } catch {
                // Isolate the delivery that cannot be stored; the others still commit.
                for g in group {
                    do {
                        let r = try await store.ingest(g.batch)
                        record(r)
                        g.done.resume()
                        after(r)
                    } catch { g.done.resume(throwing: error) }
                }
            }
        }
        draining -= 1
    }

    private func after(_ r: IngestResult) {
        guard let afterCommit, !r.customersWrote.isEmpty || r.mediaQueued > 0 else { return }
        Task { await afterCommit(r) }
    }

    private func record(_ r: IngestResult) {
        activity?.mark(clock.now)
        metrics.add("loket_messages_ingested_total", Double(r.stored))
        metrics.add("loket_messages_redelivered_total", Double(r.duplicates))
        metrics.add("loket_statuses_applied_total", Double(r.statusesApplied))
    }
}

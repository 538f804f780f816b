import Foundation
public import Logging
public import LoketCloudAPI
import LoketDomain
public import LoketStore
public import ServiceLifecycle

/// Sends the outbox to the Cloud API (docs/SPEC.md §3): at most `throughput` sends per second, one message at a
/// time per customer (so their order holds), retries with backoff, per-customer pacing after 131056,
/// an alarm that stops all sending after 190/368, and `failed` with Meta's code for permanent errors.
/// Every outcome is recorded in the store before the next message to that customer goes out.
public actor OutboxDispatcher: Service {
    let store: any GatewayStore
    let client: (any CloudAPISending)?
    let settings: GatewaySettings
    let metrics: GatewayMetrics
    let logger: Logger
    /// Names this dispatcher's leases on outbox entries (unique per gateway process and start).
    let owner: String
    let redaction: SecretRedaction
    /// Every time the dispatcher reads or waits for (the settings' clock).
    let clock: any LoketClock

    private var limiter: SendRateLimiter
    /// The rate this dispatcher sends at, as it last told the store (several gateways on PostgreSQL share the
    /// throughput: ``ThroughputShare``); 0 until its first heartbeat, and while the others have not made room for it.
    private var rate = 0
    private var inFlight: [Int64: Task<Void, Never>] = [:]
    private var busy: Set<CustomerKey> = []
    private var holdUntil: [CustomerKey: Date] = [:]
    /// Taken entries waiting behind an earlier message to the same customer.
    private var backlog: [CustomerKey: [OutboxItem]] = [:]
    private var pauseUntil = Date.distantPast
    private var stopping = false
    public private(set) var alarm: String?

    public init(store: any GatewayStore, client: (any CloudAPISending)?, settings: GatewaySettings,
                metrics: GatewayMetrics, logger: Logger) {
        self.store = store; self.client = client; self.settings = settings; self.metrics = metrics; self.logger = logger
        clock = settings.clock
        limiter = SendRateLimiter(perSecond: settings.throughput)
        owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        redaction = SecretRedaction(secrets: [settings.accessToken, settings.appSecret, settings.verifyToken])
    }

    public func run() async throws {
        guard let client else {
            logger.warning("outbox dispatch is off (no access token or phone number id): replies stay queued")
            try? await gracefulShutdown()
            return
        }
        if let problem = settings.configurationProblem {
            raiseAlarm(problem)
            try? await gracefulShutdown()
            return
        }
        await requeueExpired()
        try await store.setGatewayState(GatewayState(mode: .sending, detail: "", updatedAt: clock.now))
        // A gateway that replaces one that just died waits out the rate window its predecessor may have used,
        // so the two together never exceed the throughput. One joining live gateways sends nothing until they have
        // said (at their next heartbeat) that they send at their smaller share.
        await shareThroughput()
        pauseUntil = clock.now.addingTimeInterval(settings.startupQuiet)
        await withGracefulShutdownHandler {
            await self.loop(client)
        } onGracefulShutdown: {
            Task { await self.stop() }
        }
        await finishInFlight()
        try? await store.dispatcherLeft(holder: owner)
        try? await store.setGatewayState(GatewayState(mode: alarm == nil ? .stopped : .alarm, detail: alarm ?? "", updatedAt: clock.now))
    }

    public func stop() { stopping = true }

    /// Whether the loop and every send started wait on `clock` (nothing else can happen until it moves):
    /// a test on a ``ManualClock`` advances it only then. Read on the actor, so no send changes state meanwhile.
    package func isWaiting(on clock: ManualClock) -> Bool { clock.sleeperCount == inFlight.count + 1 }

    /// Tells the store this dispatcher lives and takes the share of `throughput` the store decides from the others'
    /// rates (``ThroughputShare``); 0 while they have not made room for it.
    private func shareThroughput() async {
        guard let share = try? await store.dispatcherHeartbeat(holder: owner, throughput: settings.throughput, now: clock.now),
              share != rate else { return }
        if share > 0 { limiter = limiter.resized(perSecond: share) }
        rate = share
        if share == 0 {
            logger.notice("several gateways dispatch this store's outbox: this one waits until the others make room")
        } else {
            logger.notice("this gateway sends up to \(share)/s of the store's \(settings.throughput)/s")
        }
    }

    /// Entries whose dispatcher died (their lease ran out) are taken again; a live one's are never touched.
    private func requeueExpired() async {
        guard let resent = try? await store.requeueExpiredLeases(now: clock.now), resent > 0 else { return }
        metrics.add("loket_resent_after_crash_total", Double(resent))
        logger.warning("\(resent) message(s) were in flight when a gateway died; sending them again (each may reach the customer twice)")
    }

    private func loop(_ client: any CloudAPISending) async {
        var renewedAt = clock.now, sharedAt = clock.now
        while !stopping && !Task.isCancelled {
            let now = clock.now
            if now.timeIntervalSince(renewedAt) >= OutboxLease.renewEvery {
                renewedAt = now
                do { try await store.renewLeases(owner: owner, now: now) }
                catch { logger.error("outbox: cannot renew leases: \(error)") }
            }
            // The share and a dead dispatcher's work are looked at more often than leases are renewed: a joining gateway
            // waits for the others to make room, and a dead one's sends are taken over, within a heartbeat.
            if now.timeIntervalSince(sharedAt) >= ThroughputShare.heartbeatEvery {
                sharedAt = now
                await shareThroughput()
                await requeueExpired()
            }
            startReleasedBacklog(client, now: now)
            let room = settings.maxInFlight - inFlight.count - backlog.values.reduce(0) { $0 + $1.count }
            guard alarm == nil, now >= pauseUntil, rate > 0, room > 0 else {
                try? await clock.sleep(for: 0.005)
                continue
            }
            let items: [OutboxItem]
            do { items = try await store.takeDue(now: now, limit: room, owner: owner) }
            catch {
                logger.error("outbox: \(error)")
                try? await clock.sleep(for: 1)
                continue
            }
            if items.isEmpty {
                try? await clock.sleep(for: settings.pollInterval)
                continue
            }
            for item in items { dispatch(item, client, now: now) }
        }
    }

    private func dispatch(_ item: OutboxItem, _ client: any CloudAPISending, now: Date) {
        if busy.contains(item.to) || (holdUntil[item.to].map { $0 > now } ?? false) || backlog[item.to] != nil {
            backlog[item.to, default: []].append(item)
        } else {
            start(item, client)
        }
    }

    private func startReleasedBacklog(_ client: any CloudAPISending, now: Date) {
        guard alarm == nil, !stopping, rate > 0 else { return }
        for key in Array(backlog.keys) where !busy.contains(key) && (holdUntil[key].map { $0 <= now } ?? true) {
            guard var queue = backlog[key], !queue.isEmpty else { backlog[key] = nil; continue }
            let next = queue.removeFirst()
            backlog[key] = queue.isEmpty ? nil : queue
            holdUntil[key] = nil
            start(next, client)
        }
    }

    private func start(_ item: OutboxItem, _ client: any CloudAPISending) {
        busy.insert(item.to)
        let slot = limiter.reserve(now: clock.now.timeIntervalSinceReferenceDate)
        inFlight[item.id] = Task {
            var next: TimeInterval? = slot
            while let at = next {
                try? await self.clock.sleep(until: Date(timeIntervalSinceReferenceDate: at))
                // The task runs on the dispatcher actor: the limiter sees the clock's time of each send (on the
                // system clock, the real time it goes on the wire).
                // Waiting for the other gateways to make room (``ThroughputShare``): nothing goes out meanwhile.
                let now = self.clock.now.timeIntervalSinceReferenceDate
                next = self.rate > 0 ? self.limiter.admit(now: now) : now + 0.05
            }
            self.logger.debug("outbox \(item.id): sending (attempt \(item.attempts))")
            var response: SendResponse?
            var transportError: String?
            var configurationError: String?
            do { response = try await client.send(item) }
            catch let e as CloudAPIConfigurationError { configurationError = self.redaction.redact(e.description) }
            catch { transportError = self.redaction.redact("\(error)") }
            await self.finish(item, response: response, transportError: transportError, configurationError: configurationError)
        }
    }

    private func finish(_ item: OutboxItem, response: SendResponse?, transportError: String?, configurationError: String?) async {
        let now = clock.now
        let decision = SendPolicy.decide(response, transportError: transportError, attempt: item.attempts,
                                         configurationError: configurationError, queuedAt: item.queuedAt, now: now,
                                         retryFor: settings.retryFor)
        let outcome: SendOutcome
        switch decision {
        case .accepted(let wamid):
            outcome = .accepted(wamid: wamid)
            // A mark-as-read is a request, not a message.
            if case .markRead = item.payload { metrics.add("loket_read_receipts_sent_total") } else { metrics.add("loket_messages_sent_total") }
        case .retry(let delay, let code, let reason):
            outcome = .retry(at: now.addingTimeInterval(delay), errorCode: code, reason: reason)
            metrics.add("loket_send_retries_total")
            if let code, SendPolicy.pauseCodes.contains(code) { pauseUntil = now.addingTimeInterval(delay) }
            logger.info("send retry in \(Int(delay)) s: \(reason)")
        case .paceCustomer(let delay, let code, let reason):
            holdUntil[item.to] = now.addingTimeInterval(delay)
            outcome = .retry(at: now.addingTimeInterval(delay), errorCode: code, reason: reason)
            metrics.add("loket_send_retries_total")
        case .alarm(let code, let reason):
            outcome = .retry(at: now.addingTimeInterval(60), errorCode: code, reason: reason)
            raiseAlarm(code == 0 ? "\(reason); fix the configuration, then restart loket serve"
                       : "Cloud API refused sending (#\(code)): \(reason); replace the token or resolve the block, then restart loket serve")
        case .fail(let code, let reason):
            outcome = .failed(errorCode: code, reason: reason)
            metrics.add("loket_messages_failed_total")
            logger.notice("message \(item.messageID.map(String.init) ?? "-") failed: \(reason)")
        }
        await record(item, outcome)
        // Messages queued behind a retried one go back to the store in order, to be taken after it.
        if case .retry(let at, _, _) = outcome, let waiting = backlog.removeValue(forKey: item.to) {
            for w in waiting { await record(w, .retry(at: at, errorCode: nil, reason: "waiting behind an earlier message")) }
        }
        busy.remove(item.to)
        inFlight[item.id] = nil
    }

    private func record(_ item: OutboxItem, _ outcome: SendOutcome) async {
        await Persistently.write("cannot record send outcome", clock: clock, logger: logger) {
            try await store.recordSend(outboxID: item.id, outcome: outcome, at: clock.now)
        }
    }

    private func raiseAlarm(_ detail: String) {
        guard alarm == nil else { return }
        alarm = detail
        metrics.set("loket_gateway_alarm", 1)
        logger.critical("ALARM: \(detail)")
        let store = self.store, at = clock.now
        Task { try? await store.setGatewayState(GatewayState(mode: .alarm, detail: detail, updatedAt: at)) }
    }

    /// Waits for sends already on the wire and records them; entries not started go back to the queue.
    private func finishInFlight() async {
        stopping = true
        while let (_, task) = inFlight.first { await task.value }
        for (_, items) in backlog {
            for item in items { await record(item, .retry(at: clock.now, errorCode: nil, reason: "gateway stopped before sending")) }
        }
        backlog.removeAll()
    }
}

import Foundation
public import Logging
public import LoketCloudAPI
public import LoketDomain
public import LoketMedia
public import LoketStore
public import ServiceLifecycle

/// Fetches customers' attachments while Meta still has them (docs/SPEC.md §9): woken when a webhook with media
/// is committed (and every few seconds for retries), it takes due downloads from the store a few at a time,
/// keeps each file in the media folder (whole or not at all) and records how it ended. It never touches the
/// webhook's path or the outbox: a burst of a thousand photos waits in the store, not in a request.
public actor MediaFetcher: Service {
    let store: any GatewayStore
    let client: any MediaFetching
    let folder: MediaFolder
    let maxBytes: Int
    let concurrency: Int
    let metrics: GatewayMetrics
    let logger: Logger
    let clock: any LoketClock
    let owner = "media:\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
    /// How often due retries are looked for when nothing wakes the fetcher.
    static let pollInterval: TimeInterval = 5

    private var running: [Int64: Task<Void, Never>] = [:]
    /// Downloads using the network now (at most ``concurrency``); a running one may be syncing its file already.
    private var downloading: Set<Int64> = []
    /// Taken (leased) and waiting for a free slot: one store transaction takes several.
    private var queued: [MediaFetchJob] = []
    /// Ended downloads not yet in the store: recorded together, one transaction (and one folder sync) for many.
    private var unrecorded: [(messageID: Int64, outcome: MediaFetchOutcome)] = []
    private var recorder: Task<Void, Never>?
    /// The messages of the batch being written to the store now.
    private var recording: Set<Int64> = []
    /// Taking more downloads from the store runs beside the loop, so a lease's commit never holds up a start.
    private var leasing: Task<Void, Never>?
    private var unrecordedSince: Date?
    private var waiter: CheckedContinuation<Void, Never>?
    private var woken = false
    private var stopping = false

    /// When webhooks were last stored: while they flow, the fetcher starts one download per ``trickle`` (the
    /// webhook's 200 comes first; Meta keeps media for days, so it catches up once they calm down).
    let webhooks: WebhookActivity?
    /// Webhooks within this long make the fetcher give way.
    static let busyWindow: TimeInterval = 0.05
    /// While webhooks flow, one download starts at most this often, so a steady stream never starves the fetcher.
    static let trickle: TimeInterval = 0.25
    private var lastStart = Date.distantPast

    public init(store: any GatewayStore, client: any MediaFetching, folder: MediaFolder, maxBytes: Int, concurrency: Int,
                metrics: GatewayMetrics, logger: Logger, clock: any LoketClock, webhooks: WebhookActivity? = nil) {
        self.store = store; self.client = client; self.folder = folder; self.maxBytes = maxBytes
        self.concurrency = max(1, concurrency); self.metrics = metrics; self.logger = logger; self.clock = clock
        self.webhooks = webhooks
    }

    /// Downloads that may start now: up to ``concurrency`` when webhooks are quiet; while they flow, one when none
    /// runs and the last one started a ``trickle`` ago.
    var slots: Int {
        let now = clock.now
        guard webhooks?.isBusy(at: now, within: Self.busyWindow) == true else { return concurrency }
        return now.timeIntervalSince(lastStart) >= Self.trickle ? 1 : 0
    }

    /// New attachments were stored: look now rather than at the next poll.
    public func wake() {
        if let w = waiter { waiter = nil; w.resume() } else { woken = true }
    }

    public func run() async throws {
        do { try folder.create() } catch { logger.error("media: \(error); attachments will not be fetched") }
        folder.removeLeftovers()
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            Task { await self.stop() }
        }
        // Downloads still running are abandoned; each goes back to the store to be taken again at once.
        timer?.cancel()
        await leasing?.value
        for (_, task) in running { task.cancel() }
        while let (_, task) = running.first { await task.value }
        for job in queued { unrecorded.append((job.messageID, .retry(at: clock.now, reason: "the gateway stopped before the download"))) }
        queued.removeAll()
        while let r = recorder { await r.value; if recorder == r { recorder = nil } }
        if !unrecorded.isEmpty { await recordAll() }
    }

    /// Stops after the downloads running now (outside a service group: tests, tools).
    public func stop() { stopping = true; wake() }

    private func loop() async {
        var renewedAt = clock.now
        while !stopping && !Task.isCancelled {
            // Downloads in progress keep their lease (OutboxLease): only a dead fetcher's are taken again.
            if !running.isEmpty || !queued.isEmpty, clock.now.timeIntervalSince(renewedAt) >= OutboxLease.renewEvery {
                renewedAt = clock.now
                do { try await store.renewMediaLeases(owner: owner, now: renewedAt) } catch { logger.error("media: cannot renew leases: \(error)") }
            }
            var started = false
            let slots = self.slots
            while downloading.count < slots, !queued.isEmpty { start(queued.removeFirst()); started = true }
            // Take a few downloads ahead, so one store transaction leases several (beside the loop: the downloads
            // running meanwhile are not held up by the commit).
            leaseAhead()
            if started { continue }
            // Held back by webhooks: look again when they may have calmed down.
            let heldBack = !queued.isEmpty && downloading.count < concurrency
            recordIfDue()
            await pause(heldBack ? Self.busyWindow : running.isEmpty ? Self.pollInterval : min(Self.pollInterval, OutboxLease.renewEvery, 1))
        }
    }

    /// Starts taking due downloads from the store when fewer than ``concurrency`` wait and none are being taken.
    private func leaseAhead() {
        let room = concurrency * 4 - downloading.count - queued.count
        guard leasing == nil, queued.count < concurrency, room > 0 else { return }
        leasing = Task {
            do {
                // A lease this fetcher let lapse (a clock jump) may hand back a download it is still running or has
                // not recorded yet: that one is not fetched twice.
                let taken = try await store.takeDueMedia(now: clock.now, limit: room, owner: owner).filter { job in
                    running[job.messageID] == nil && !queued.contains { $0.messageID == job.messageID }
                        && !unrecorded.contains { $0.messageID == job.messageID } && !recording.contains(job.messageID)
                }
                queued += taken
                leasing = nil
                if !taken.isEmpty { wake() }
            } catch {
                logger.error("media: \(error)")
                leasing = nil
            }
        }
    }

    /// Waits until woken (a new webhook, a download ended, shutdown) or `seconds` have passed on the clock. One
    /// timer serves many pauses: a pause that would end later than the running timer lets that timer wake it (a
    /// wake too early only runs the loop once more), so a busy fetcher does not set and cancel a timer per download.
    private func pause(_ seconds: TimeInterval) async {
        if woken { woken = false; return }
        let deadline = clock.now.addingTimeInterval(seconds)
        if timer == nil || timerDeadline.map({ $0 > deadline }) == true {
            timer?.cancel()
            let clock = self.clock
            timerDeadline = deadline
            timerGeneration += 1
            let generation = timerGeneration
            timer = Task {
                do { try await clock.sleep(for: seconds) } catch { return }
                self.timerFired(generation)
            }
        }
        await withCheckedContinuation { waiter = $0 }
    }

    private var timer: Task<Void, Never>?
    private var timerDeadline: Date?
    private var timerGeneration = 0

    private func timerFired(_ generation: Int) {
        guard generation == timerGeneration else { return }
        timer = nil
        timerDeadline = nil
        wake()
    }

    private func start(_ job: MediaFetchJob) {
        lastStart = clock.now
        downloading.insert(job.messageID)
        running[job.messageID] = Task {
            let result = await self.client.download(mediaID: job.mediaID, expectedSHA256: job.sha256, into: self.folder,
                                                    maxBytes: self.maxBytes, syncFolder: false,
                                                    arrived: { await self.networkFree(job.messageID) })
            await self.finish(job, result, cancelled: Task.isCancelled)
        }
    }

    /// A download's bytes are all in (it syncs and names its file now): another may use the network.
    private func networkFree(_ id: Int64) {
        if downloading.remove(id) != nil { wake() }
    }

    private func finish(_ job: MediaFetchJob, _ result: MediaDownload, cancelled: Bool) async {
        let now = clock.now
        let outcome: MediaFetchOutcome
        switch result {
        case .kept(let kept, let mime):
            outcome = .stored(file: kept.path, size: kept.size, mimeType: mime, sha256: kept.sha256)
            metrics.add("loket_media_fetched_total")
            metrics.add("loket_media_bytes_total", Double(kept.size))
        case .tooLarge(let size):
            outcome = .tooLarge(size: size)
            metrics.add("loket_media_too_large_total")
            logger.notice("media of message \(job.messageID) is \(MediaLimits.byteSize(size)), over [media] max_download_mb: not fetched")
        case .gone(let reason):
            outcome = .expired(reason: reason)
            metrics.add("loket_media_expired_total")
            logger.notice("media of message \(job.messageID) is no longer at Meta: \(reason)")
        case .failed(let reason, let checksum):
            if checksum { metrics.add("loket_media_checksum_mismatches_total") }
            if cancelled {
                outcome = .retry(at: now, reason: "the gateway stopped during the download")
            } else if let delay = MediaRetry.delay(afterAttempt: job.attempts + 1) {
                outcome = .retry(at: now.addingTimeInterval(delay), reason: reason)
                metrics.add("loket_media_retries_total")
            } else {
                outcome = .failed(reason: reason)
                metrics.add("loket_media_failed_total")
                logger.error("ALARM: media of message \(job.messageID) could not be fetched after \(job.attempts + 1) attempts: \(reason); `loket media get \(job.messageID)` tries again")
            }
        }
        running[job.messageID] = nil
        unrecorded.append((job.messageID, outcome))
        if unrecordedSince == nil { unrecordedSince = now }
        recordIfDue()
        wake()
    }

    /// Starts writing ended downloads to the store when it is worth a transaction (a durable commit each): nothing
    /// else is downloading, or 16 are waiting, or the oldest has waited a second.
    private func recordIfDue() {
        if unrecorded.isEmpty { unrecordedSince = nil }
        guard recorder == nil, let since = unrecordedSince else { return }
        guard running.isEmpty || unrecorded.count >= 16 || clock.now.timeIntervalSince(since) >= 1 else { return }
        unrecordedSince = nil
        recorder = Task { await self.recordAll(); self.recorder = nil; self.recordIfDue() }
    }

    /// Syncs the folder off the actor: downloads ending meanwhile are heard at once.
    private nonisolated static func sync(_ folder: MediaFolder) async { folder.syncFolder() }

    /// Writes what ended to the store, batch by batch: the folder is synced once (the kept files' names are
    /// durable) before the store says they are ready.
    private func recordAll() async {
        while !unrecorded.isEmpty {
            let batch = unrecorded
            unrecorded.removeAll()
            recording = Set(batch.map(\.messageID))
            defer { recording = [] }
            if batch.contains(where: { if case .stored = $0.outcome { true } else { false } }) { await Self.sync(folder) }
            await Persistently.write("media: cannot record \(batch.count) download(s)", clock: clock, logger: logger) {
                try await store.recordMediaFetches(batch, at: clock.now)
            }
        }
    }
}

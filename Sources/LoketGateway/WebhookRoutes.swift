import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import LoketCloudAPI
import LoketDomain
public import LoketStore
import NIOCore

/// The gateway's HTTP surface (docs/SPEC.md §3): Meta's webhook, health and metrics.
public struct WebhookRoutes: Sendable {
    let settings: GatewaySettings
    let pipeline: IngestPipeline
    let store: any GatewayStore
    let metrics: GatewayMetrics
    let logger: Logger
    let budget: UnauthenticatedBudget
    let shutdown: ShutdownSignal

    public init(settings: GatewaySettings, pipeline: IngestPipeline, store: any GatewayStore, metrics: GatewayMetrics, logger: Logger,
                budget: UnauthenticatedBudget, shutdown: ShutdownSignal) {
        self.settings = settings; self.pipeline = pipeline; self.store = store; self.metrics = metrics; self.logger = logger
        self.budget = budget; self.shutdown = shutdown
    }

    static let signatureHeader = HTTPField.Name("X-Hub-Signature-256")!

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/webhook") { request, _ in self.handshake(request) }
        router.post("/webhook") { request, _ in try await self.receive(request) }
        router.get("/healthz") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        router.get("/metrics") { _, _ in try await self.metricsResponse() }
        return router
    }

    /// Meta's verification: `hub.mode=subscribe` and the right `hub.verify_token` → 200 with the challenge.
    func handshake(_ request: Request) -> Response {
        let q = request.uri.queryParameters
        guard let expected = settings.verifyToken, q.get("hub.mode") == "subscribe",
              let token = q.get("hub.verify_token"), constantTimeEqual(token, expected) else {
            return Response(status: .forbidden)
        }
        let challenge = q.get("hub.challenge") ?? ""
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    /// Verify, decode, store durably, then 200. Nothing is stored on 401, 400 or 413.
    func receive(_ request: Request) async throws -> Response {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let length = declared, length > settings.maxBodyBytes {
            return answer(.contentTooLarge)
        }
        // Room for the body among all unauthenticated bodies, or 503 now (Meta retries later).
        let reserved = declared ?? settings.maxBodyBytes
        guard budget.reserve(reserved) else {
            metrics.add("loket_webhook_budget_refusals_total")
            return answer(.serviceUnavailable)
        }
        defer { budget.release(reserved) }
        let body: ByteBuffer
        do { body = try await Self.collect(request.body, upTo: settings.maxBodyBytes, within: settings.bodyTimeout, on: settings.clock, unless: shutdown) }
        catch is NIOTooManyBytesError { return answer(.contentTooLarge) }
        catch is BodyTimeout { return answer(.requestTimeout) }
        catch is ShuttingDown { return answer(.serviceUnavailable) }
        let bytes = body.readableBytesView
        guard let secret = settings.appSecret,
              WebhookSignature(appSecret: secret).isValid(request.headers[Self.signatureHeader], body: bytes) else {
            return answer(.unauthorized)
        }
        let batch: InboundBatch
        do { batch = try WebhookDecoder.decode(Data(bytes), receivedAt: settings.clock.now, phoneNumberID: settings.phoneNumberID) }
        catch {
            logger.notice("webhook refused: \(error.description)")
            return answer(.badRequest)
        }
        if batch.otherNumberChanges > 0 { metrics.add("loket_webhook_other_number_changes_total", Double(batch.otherNumberChanges)) }
        do {
            try await pipeline.submit(batch)
        } catch {
            // Not stored: Meta will deliver it again.
            logger.error("webhook not stored: \(error)")
            return answer(.serviceUnavailable)
        }
        return answer(.ok)
    }

    struct BodyTimeout: Error {}
    struct ShuttingDown: Error {}

    /// The whole body; ``BodyTimeout`` when it has not arrived within `seconds`, ``ShuttingDown`` when the
    /// gateway starts shutting down first (Meta redelivers what was not answered 200).
    static func collect(_ body: RequestBody, upTo limit: Int, within seconds: TimeInterval, on clock: any LoketClock,
                        unless shutdown: ShutdownSignal) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await clock.sleep(for: seconds)
                throw BodyTimeout()
            }
            group.addTask {
                await shutdown.wait()
                throw ShuttingDown()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else { throw BodyTimeout() }
            return buffer
        }
    }

    private func answer(_ status: HTTPResponse.Status) -> Response {
        metrics.add("loket_webhook_requests_total{code=\"\(status.code)\"}")
        return Response(status: status)
    }

    func metricsResponse() async throws -> Response {
        let stats = try await store.outboxStats(now: settings.clock.now)
        let text = metrics.render(extra: ["loket_outbox_depth": Double(stats.depth), "loket_outbox_lag_seconds": stats.oldestAge,
                                          "loket_webhook_unauthenticated_bytes": Double(budget.inUse)])
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Compares two secrets without an early exit.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    var diff = UInt8(x.count == y.count ? 0 : 1)
    for i in 0..<max(x.count, y.count) {
        diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
    }
    return diff == 0
}

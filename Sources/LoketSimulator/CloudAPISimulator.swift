import AsyncHTTPClient
public import Foundation
import Hummingbird
public import Logging
import LoketCloudAPI
public import LoketStore
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A stand-in for Meta's Cloud API on 127.0.0.1, for tests and `loket demo`: it accepts the messages
/// endpoint (checking the bearer token and the request's shape), answers like Meta (a wamid, or Meta's
/// error objects on demand), posts signed status webhooks back (sent → delivered → read, or failed), and
/// plays customers writing in.
public final class CloudAPISimulator: @unchecked Sendable {
    /// A request the simulator accepted.
    public struct Accepted: Sendable, Equatable {
        public var wamid: String
        public var to: String
        public var type: String
        /// The text body, the template name, or the wamid being marked read.
        public var text: String
        /// When the request arrived (what a rate limit counts).
        public var at: Date
    }

    public let token: String
    public let phoneNumberID: String
    public let appSecret: String
    /// Where status and customer webhooks go (the gateway's `/webhook`).
    public var webhookURL: String? { get { lock.withLock { _webhookURL } } set { lock.withLock { _webhookURL = newValue } } }
    /// Delays before `sent`, `delivered` and `read` statuses are posted; nil stops posting statuses.
    public var statusDelays: (sent: TimeInterval, delivered: TimeInterval, read: TimeInterval)? {
        get { lock.withLock { _statusDelays } } set { lock.withLock { _statusDelays = newValue } }
    }

    private let lock = NSLock()
    /// Media customers sent and the business uploaded (SimulatedMedia.swift).
    let shelf = MediaShelf()
    private var uploads: [(id: String, mimeType: String, size: Int)] = []
    private var templateRequests: [String] = []
    private var _port = 0
    /// The port the simulator listens on (download URLs name it).
    var boundPort: Int { lock.withLock { _port } }
    private var _webhookURL: String?
    private var _statusDelays: (sent: TimeInterval, delivered: TimeInterval, read: TimeInterval)? = (0.05, 0.3, 1.5)
    private var planned: [SimulatedFault] = []
    private var plannedFor: [String: [SimulatedFault]] = [:]
    private var byRecipient: [String: SimulatedFault] = [:]
    private var accepted: [Accepted] = []
    private var receipts: [Accepted] = []
    private var templates = SimulatedTemplates()
    private var counter = 0
    /// Meta's wamids are unique across everything; so are ours. Without this, two simulators in one test run
    /// numbered from 1 alike, and a late status from one (posted to a port a new gateway had taken over, signed
    /// with the same test secret) marked the other's message read.
    private let wamidPrefix = "wamid.SIM" + UUID().uuidString.prefix(8) + "."
    private var group: ServiceGroup?
    private var http: HTTPClient { CloudAPIClient.sharedHTTP }
    private let logger: Logger

    public init(token: String, phoneNumberID: String, appSecret: String, logger: Logger = Logger(label: "loket.simulator")) {
        self.token = token; self.phoneNumberID = phoneNumberID; self.appSecret = appSecret; self.logger = logger
    }

    // MARK: Control

    /// The next `times` sends (to `recipient` only, when given: E.164 digits) get `fault`, in order.
    public func inject(_ fault: SimulatedFault, times: Int = 1, recipient: String? = nil) {
        lock.withLock {
            if let r = recipient { plannedFor[r, default: []] += Array(repeating: fault, count: times) }
            else { planned += Array(repeating: fault, count: times) }
        }
    }

    private func nextFault(for to: String) -> SimulatedFault? {
        lock.withLock {
            if let f = byRecipient[to] { return f }
            if var q = plannedFor[to], !q.isEmpty { let f = q.removeFirst(); plannedFor[to] = q; return f }
            return planned.isEmpty ? nil : planned.removeFirst()
        }
    }

    /// Every send to this number (E.164 digits) gets `fault` (nil clears it).
    public func setFault(_ fault: SimulatedFault?, forRecipient digits: String) {
        lock.withLock { byRecipient[digits] = fault }
    }

    /// The `template` object of every template send Meta accepted, as JSON with sorted keys, in order.
    public var acceptedTemplates: [String] { lock.withLock { templateRequests } }
    /// Files the business uploaded, in order.
    public var uploadedMedia: [(id: String, mimeType: String, size: Int)] { lock.withLock { uploads } }

    func recordUpload(id: String, mimeType: String, size: Int) { lock.withLock { uploads.append((id, mimeType, size)) } }

    public struct InteractiveProblem: Error { public var message: String }

    /// Meta's checks of a `button` or `list` interactive message; its text and choices as one line when it passes.
    public static func checkInteractive(_ i: [String: Any]?) -> Result<String, InteractiveProblem> {
        func fail(_ m: String) -> Result<String, InteractiveProblem> { .failure(InteractiveProblem(message: "Parameter value is not valid: \(m)")) }
        guard let i, let type = i["type"] as? String else { return fail("interactive.type is required") }
        guard let body = (i["body"] as? [String: Any])?["text"] as? String, !body.isEmpty else { return fail("body.text is required") }
        if let f = (i["footer"] as? [String: Any])?["text"] as? String, f.count > 60 { return fail("footer.text is longer than 60") }
        if let h = (i["header"] as? [String: Any])?["text"] as? String, h.count > 60 { return fail("header.text is longer than 60") }
        let action = i["action"] as? [String: Any] ?? [:]
        switch type {
        case "button":
            guard body.count <= 1024 else { return fail("body.text is longer than 1024") }
            let buttons = (action["buttons"] as? [[String: Any]] ?? []).compactMap { $0["reply"] as? [String: Any] }
            guard (1...3).contains(buttons.count) else { return fail("1 to 3 buttons") }
            let titles = buttons.compactMap { $0["title"] as? String }, ids = buttons.compactMap { $0["id"] as? String }
            guard titles.count == buttons.count, ids.count == buttons.count, titles.allSatisfy({ !$0.isEmpty && $0.count <= 20 }),
                  Set(titles).count == titles.count, Set(ids).count == ids.count else { return fail("button titles (1-20, unique) and ids") }
            return .success(body + " " + titles.map { "[\($0)]" }.joined(separator: " "))
        case "list":
            guard body.count <= 4096 else { return fail("body.text is longer than 4096") }
            guard let button = action["button"] as? String, !button.isEmpty, button.count <= 20 else { return fail("action.button (1-20)") }
            let rows = (action["sections"] as? [[String: Any]] ?? []).flatMap { $0["rows"] as? [[String: Any]] ?? [] }
            guard (1...10).contains(rows.count) else { return fail("1 to 10 rows") }
            let titles = rows.compactMap { $0["title"] as? String }
            guard titles.count == rows.count, titles.allSatisfy({ !$0.isEmpty && $0.count <= 24 }),
                  rows.allSatisfy({ ($0["description"] as? String)?.count ?? 0 <= 72 && $0["id"] is String }) else {
                return fail("row titles (1-24), descriptions (72) and ids")
            }
            return .success(body + " [\(button)]: " + titles.joined(separator: " · "))
        default:
            return fail("unsupported interactive type \(type)")
        }
    }

    /// The templates "Meta" has approved: a template send is checked against them (``SimulatedTemplates``);
    /// one it does not know is refused with 132001.
    public func defineTemplates(_ list: [MessageTemplate]) { lock.withLock { templates.define(list) } }

    /// `GET /{waba_id}/message_templates?limit=&after=`: one page of the templates this Meta knows.
    func handleTemplateListing(_ request: Request, _ context: BasicRequestContext) -> Response {
        guard request.headers[.authorization] == "Bearer \(token)" else { return error(190) }
        let (version, waba) = (context.parameters.get("version") ?? "", context.parameters.get("phone") ?? "")
        let query = request.uri.queryParameters
        let limit = query["limit"].flatMap { Int(String($0)) } ?? 25
        let base = "http://127.0.0.1:\(boundPort)/\(version)/\(waba)/message_templates?limit=\(limit)&after="
        return json(lock.withLock { templates.listing(after: query["after"].map(String.init), limit: limit, link: { base + $0 }) })
    }

    /// Sets a template's state at "Meta" (`PAUSED`, `DISABLED`; nil: approved): sends of it are refused from now on.
    public func setTemplateState(_ name: String, _ state: String?) { lock.withLock { templates.setState(name, state) } }

    /// Messages accepted so far, in arrival order (mark-as-read and typing requests are in ``readReceipts``).
    public var acceptedRequests: [Accepted] { lock.withLock { accepted } }

    /// Mark-as-read requests (type "read", or "typing" with Meta's typing indicator), in arrival order.
    public var readReceipts: [Accepted] { lock.withLock { receipts } }

    /// Starts listening on 127.0.0.1 (port 0: any free port); returns the bound port.
    public func start(port: Int = 0) async throws -> Int {
        let router = Router(context: BasicRequestContext.self)
        router.post("/:version/:phone/messages") { request, context in try await self.handleSend(request, context) }
        // The router names one path segment alike everywhere: here `phone` holds the WhatsApp Business Account id.
        router.get("/:version/:phone/message_templates") { request, context in self.handleTemplateListing(request, context) }
        registerMediaRoutes(router)
        let (stream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0); portContinuation.finish() },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        lock.withLock { self.group = group }
        Task { try? await group.run() }
        for await bound in stream {
            lock.withLock { _port = bound }
            return bound
        }
        throw CancellationError()
    }

    public func stop() async {
        let g = lock.withLock { group }
        await g?.triggerGracefulShutdown()
    }

    // MARK: The messages endpoint

    func error(_ code: Int, status: Int? = nil, _ message: String? = nil) -> Response {
        let d = SimulatedFault.describe(code)
        let body: [String: Any] = ["error": ["message": "(#\(code)) \(message ?? d.message)", "type": "OAuthException", "code": code,
                                             "error_data": ["messaging_product": "whatsapp", "details": message ?? d.message],
                                             "fbtrace_id": "AbCdEfGh"]]
        return json(body, status: status ?? d.status)
    }

    func json(_ o: [String: Any], status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: Array(WebhookPayloads.encode(o)))))
    }

    private func handleSend(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        // Meta counts a request against the throughput when it arrives, not when it has been answered.
        let arrived = Date()
        guard context.parameters.get("phone") == phoneNumberID else { return error(100, status: 400, "Unknown phone number id") }
        guard request.headers[.authorization] == "Bearer \(token)" else { return error(190) }
        let bytes = try await request.body.collect(upTo: 1 << 20)
        guard let o = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any],
              o["messaging_product"] as? String == "whatsapp" else {
            return error(100, status: 400, "messaging_product must be whatsapp")
        }
        // Mark as read.
        if o["status"] as? String == "read" {
            guard let id = o["message_id"] as? String, !id.isEmpty else { return error(100, status: 400, "message_id is required") }
            // With Meta's typing indicator (`{"type": "text"}`, the only type there is) it is recorded as "typing".
            var type = "read"
            if let typing = o["typing_indicator"] {
                guard (typing as? [String: Any])?["type"] as? String == "text" else {
                    return error(100, status: 400, "typing_indicator.type must be text")
                }
                type = "typing"
            }
            lock.withLock { receipts.append(Accepted(wamid: id, to: "", type: type, text: id, at: arrived)) }
            return json(["success": true])
        }
        let to = (o["to"] as? String ?? o["recipient"] as? String ?? "").filter { $0 != "+" }
        guard !to.isEmpty else { return error(100, status: 400, "to is required") }
        let type = o["type"] as? String ?? "text"
        var text = ""
        switch type {
        case "text":
            guard let t = (o["text"] as? [String: Any])?["body"] as? String, !t.isEmpty else { return error(100, status: 400, "text.body is required") }
            guard t.count <= 4096 else { return error(100, status: 400, "text.body is longer than 4096 characters") }
            text = t
        case "template":
            guard let t = o["template"] as? [String: Any], let name = t["name"] as? String,
                  (t["language"] as? [String: Any])?["code"] is String else {
                return error(100, status: 400, "template.name and template.language.code are required")
            }
            if let refused = lock.withLock({ templates.check(t, knownMedia: { shelf.item($0) != nil }) }) {
                return error(refused.code, refused.message)
            }
            text = name
            let sent = String(decoding: (try? JSONSerialization.data(withJSONObject: t, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(), as: UTF8.self)
            lock.withLock { templateRequests.append(sent) }
        case "interactive":
            switch Self.checkInteractive(o["interactive"] as? [String: Any]) {
            case .success(let summary): text = summary
            case .failure(let problem): return error(131009, status: 400, problem.message)
            }
        case "reaction":
            guard let r = o["reaction"] as? [String: Any], let target = r["message_id"] as? String, !target.isEmpty, r["emoji"] is String else {
                return error(100, status: 400, "reaction.message_id and reaction.emoji are required")
            }
            text = (r["emoji"] as? String ?? "") + " on " + target
        case "image", "video", "audio", "document", "sticker":
            guard let m = o[type] as? [String: Any] else { return error(100, status: 400, "\(type) object is required") }
            if let id = m["id"] as? String {
                guard shelf.item(id) != nil else { return error(131053, status: 400, "Media upload error: media id \(id) is unknown or expired") }
            } else if !(m["link"] is String) {
                return error(100, status: 400, "\(type).id or \(type).link is required")
            }
            if (type == "audio" || type == "sticker") && m["caption"] != nil { return error(100, status: 400, "\(type) messages take no caption") }
            text = type + ((m["caption"] as? String).map { " " + $0 } ?? "") + ((m["filename"] as? String).map { " (\($0))" } ?? "")
        default:
            return error(100, status: 400, "unsupported type \(type)")
        }
        let fault = nextFault(for: to)
        var failLater: Int?
        switch fault {
        case .error(let code, let status)?: return error(code, status: status)
        case .serverError(let status)?: return Response(status: .init(code: status))
        case .slow(let delay)?: try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        case .failLater(let code)?: failLater = code
        case nil: break
        }
        let wamid: String = lock.withLock {
            counter += 1
            return wamidPrefix + String(format: "%010d", counter)
        }
        record(Accepted(wamid: wamid, to: to, type: type, text: text, at: arrived))
        scheduleStatuses(wamid: wamid, to: to, category: type == "template" ? "utility" : "service", failCode: failLater)
        return json(["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to]],
                     "messages": [["id": wamid, "message_status": "accepted"]]])
    }

    private func record(_ a: Accepted) { lock.withLock { accepted.append(a) } }

    private func scheduleStatuses(wamid: String, to: String, category: String, failCode: Int?) {
        guard let delays = statusDelays else { return }
        let pid = phoneNumberID
        Task {
            try? await Task.sleep(nanoseconds: UInt64(delays.sent * 1e9))
            if let code = failCode {
                _ = try? await self.postWebhook(WebhookPayloads.status(wamid: wamid, status: "failed", recipient: to, errorCode: code,
                                                                   errorTitle: SimulatedFault.describe(code).message, phoneNumberID: pid))
                return
            }
            _ = try? await self.postWebhook(WebhookPayloads.status(wamid: wamid, status: "sent", recipient: to, category: category, phoneNumberID: pid))
            try? await Task.sleep(nanoseconds: UInt64(max(0, delays.delivered - delays.sent) * 1e9))
            _ = try? await self.postWebhook(WebhookPayloads.status(wamid: wamid, status: "delivered", recipient: to, category: category, phoneNumberID: pid))
            try? await Task.sleep(nanoseconds: UInt64(max(0, delays.read - delays.delivered) * 1e9))
            _ = try? await self.postWebhook(WebhookPayloads.status(wamid: wamid, status: "read", recipient: to, category: category, phoneNumberID: pid))
        }
    }

    // MARK: Webhooks to the gateway

    /// Posts a signed webhook body to the gateway; returns the HTTP status (retrying is the caller's choice).
    @discardableResult
    public func postWebhook(_ body: Data) async throws -> Int {
        guard let url = webhookURL else { return 0 }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Hub-Signature-256", value: WebhookSignature(appSecret: appSecret).header(for: body))
        request.body = .bytes(ByteBuffer(bytes: Array(body)))
        let response = try await http.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    /// A customer writes a text message; returns its wamid once the gateway acknowledged it.
    @discardableResult
    public func customerWrites(from digits: String, name: String, text: String, replyTo: String? = nil) async throws -> String {
        let wamid = "wamid.IN" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let body = WebhookPayloads.messages([WebhookPayloads.text(wamid: wamid, from: digits, body: text, replyTo: replyTo)],
                                            contacts: [(digits, name)], phoneNumberID: phoneNumberID)
        _ = try await postWebhook(body)
        return wamid
    }
}

extension Collection where Element == CloudAPISimulator.Accepted {
    /// The most requests accepted within any one second: what a rate limit is checked against.
    public var busiestSecond: Int { RateWindow.busiestSecond(map(\.at.timeIntervalSinceReferenceDate)) }
}

/// Counting events in a sliding one-second window.
public enum RateWindow {
    /// The most of `times` (seconds, any order) that fall within any one second.
    public static func busiestSecond(_ times: [TimeInterval]) -> Int { busiest(times, within: 1.0) }

    /// The most of `times` (seconds, any order) that fall within any `window` seconds.
    public static func busiest(_ times: [TimeInterval], within window: TimeInterval) -> Int {
        let times = times.sorted()
        var busiest = 0, lo = 0
        for hi in times.indices {
            while times[hi] - times[lo] >= window { lo += 1 }
            busiest = max(busiest, hi - lo + 1)
        }
        return busiest
    }
}

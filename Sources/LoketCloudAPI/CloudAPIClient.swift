public import AsyncHTTPClient
public import Foundation
import LoketDomain
public import LoketStore
import NIOCore
import NIOHTTP1

/// A transport failure (timeout, connection refused), already redacted; worth retrying.
public struct CloudAPITransportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Sends outbox entries to the Cloud API messages endpoint.
public protocol CloudAPISending: Sendable {
    /// One request; returns Meta's parsed answer, or throws on transport failure or timeout.
    func send(_ item: OutboxItem) async throws -> SendResponse
}

/// The real client: AsyncHTTPClient, `Authorization: Bearer`, JSON, a per-request timeout.
public final class CloudAPIClient: CloudAPISending {
    let http: HTTPClient
    let endpoint: String
    /// `https://graph.facebook.com/v23.0` without a trailing slash (media ids live under it).
    let base: String
    let phoneNumberID: String
    let token: String
    let timeout: TimeAmount

    /// One client for the process: AsyncHTTPClient requires a shutdown before deinit, and a process-wide
    /// pool lets up to 64 requests to Meta be in flight at once (80 messages/s at Meta's latencies).
    public static let sharedHTTP: HTTPClient = {
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()

    /// - Parameters:
    ///   - baseURL: e.g. `https://graph.facebook.com/v23.0`.
    ///   - token: the access token (from the environment; never logged).
    public init(baseURL: String, phoneNumberID: String, token: String, timeout: TimeInterval = 15, http: HTTPClient? = nil) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = "\(base)/\(phoneNumberID)/messages"
        self.base = base
        self.phoneNumberID = phoneNumberID
        self.token = token
        self.timeout = .milliseconds(Int64(timeout * 1000))
        self.http = http ?? Self.sharedHTTP
    }

    /// Sends one entry. Errors never carry the token: transport errors are rethrown redacted, and a request
    /// the HTTP stack refuses to build (an invalid header or URL) is a ``CloudAPIConfigurationError``.
    public func send(_ item: OutboxItem) async throws -> SendResponse {
        var body = SendRequest.body(for: item)
        // An attachment is uploaded first and sent by its new id, in this one job: a crash before the send
        // uploads again (an orphan upload at Meta expires by itself); nothing is sent twice because of it.
        switch item.payload {
        case .media(let attachment, let caption, let replyTo):
            switch try await upload(attachment) {
            case .error(let e): return .error(e)
            case .accepted(let id): body = SendRequest.mediaBody(to: item.to, attachment, mediaID: id, caption: caption, replyTo: replyTo)
            }
        case .template(let name, let send):
            // A template's header file goes the same way: uploaded, then named by its id.
            if let media = send.headerMedia, media.link == nil, let attachment = media.attachment {
                switch try await upload(attachment) {
                case .error(let e): return .error(e)
                case .accepted(let id): body = SendRequest.templateBody(to: item.to, name: name, send, headerMediaID: id)
                }
            }
        default: break
        }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Array(body)))
        do {
            let response = try await http.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return SendResponse.parse(status: Int(response.status.code), body: Data(body.readableBytesView))
        } catch let error as HTTPClientError where Self.isConfigurationError(error) {
            throw CloudAPIConfigurationError("the Cloud API request cannot be built: "
                + SecretRedaction(secrets: [token]).redact(String(describing: error)).prefix(300))
        } catch {
            throw CloudAPITransportError(SecretRedaction(secrets: [token]).redact(String(describing: error)))
        }
    }

    static func isConfigurationError(_ e: HTTPClientError) -> Bool {
        let text = String(describing: e)
        return [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(e)
            || text.contains("invalidHeaderField") || text.contains("unsupportedScheme")
    }
}

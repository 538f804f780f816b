import Crypto
public import Foundation
import Hummingbird
public import LoketDomain
import NIOCore

/// The simulator's media, as Meta keeps it: files customers sent (their ids in webhooks) and files the business
/// uploaded, each until it expires. Downloads need the bearer token; a file can be made to arrive corrupted.
final class MediaShelf: @unchecked Sendable {
    struct Item {
        var bytes: Data
        var mimeType: String
        var expired = false
        /// Downloads still to serve with wrong bytes (a checksum mismatch).
        var corruptDownloads = 0
        var fileName: String?
        /// Its sha256, worked out once when it is added.
        var digest: [UInt8] = []
    }
    private let lock = NSLock()
    private var items: [String: Item] = [:]
    private var counter = 0
    private(set) var downloads = 0
    /// How long each download takes (a slow CDN), and how many ran at once at most.
    var delay: TimeInterval { get { lock.withLock { _delay } } set { lock.withLock { _delay = newValue } } }
    private var _delay: TimeInterval = 0
    var uploadDelay: TimeInterval { get { lock.withLock { _uploadDelay } } set { lock.withLock { _uploadDelay = newValue } } }
    private var _uploadDelay: TimeInterval = 0
    private var running = 0
    private(set) var mostAtOnce = 0
    var runningNow: Int { lock.withLock { running } }
    /// Uploads received and not yet answered.
    var uploading: Int { lock.withLock { _uploading } }
    private var _uploading = 0
    func beginUpload() { lock.withLock { _uploading += 1 } }
    func endUpload() { lock.withLock { _uploading -= 1 } }
    func begin() { lock.withLock { running += 1; mostAtOnce = max(mostAtOnce, running) } }
    func end() { lock.withLock { running -= 1 } }

    func add(_ bytes: Data, mimeType: String, fileName: String? = nil) -> String {
        lock.withLock {
            counter += 1
            let id = String(900_000_000_000_000 + counter)
            items[id] = Item(bytes: bytes, mimeType: mimeType, fileName: fileName, digest: Array(SHA256.hash(data: bytes)))
            return id
        }
    }
    func item(_ id: String) -> Item? { lock.withLock { items[id].flatMap { $0.expired ? nil : $0 } } }
    func update(_ id: String, _ change: (inout Item) -> Void) { lock.withLock { if var i = items[id] { change(&i); items[id] = i } } }
    /// The bytes a download gets (counting it), or nil when the file is gone.
    func download(_ id: String) -> Data? {
        lock.withLock {
            guard var i = items[id], !i.expired else { return nil }
            downloads += 1
            if i.corruptDownloads > 0 {
                i.corruptDownloads -= 1
                items[id] = i
                return Data(i.bytes.reversed()) + Data([0])
            }
            return i.bytes
        }
    }
}

extension CloudAPISimulator {
    // MARK: Media control

    /// Keeps a file as if a customer had sent it; returns its media id.
    public func addMedia(_ bytes: Data, mimeType: String) -> String { shelf.add(bytes, mimeType: mimeType) }

    /// Meta deleted it: `GET /{media-id}` answers "does not exist" from now on.
    public func expireMedia(_ id: String) { shelf.update(id) { $0.expired = true } }

    /// The next `times` downloads of this media get bytes that do not match its sha256.
    public func corruptMedia(_ id: String, times: Int) { shelf.update(id) { $0.corruptDownloads += times } }

    /// Files the business uploaded and customers sent, by id (nil once expired).
    public func media(_ id: String) -> (bytes: Data, mimeType: String, fileName: String?)? {
        shelf.item(id).map { ($0.bytes, $0.mimeType, $0.fileName) }
    }

    /// How many downloads were served (whole or corrupted).
    public var mediaDownloads: Int { shelf.downloads }

    /// Downloads being served now.
    public var downloadsRunning: Int { shelf.runningNow }

    /// Uploads received (their bytes all in) and not yet answered.
    public var uploadsRunning: Int { shelf.uploading }

    /// Each upload takes this long before it is answered (a crash can come in the middle).
    public var uploadDelay: TimeInterval { get { shelf.uploadDelay } set { shelf.uploadDelay = newValue } }

    /// The most downloads that were running at the same time.
    public var mostConcurrentDownloads: Int { shelf.mostAtOnce }

    /// Each download takes this long (a slow network), so tests can catch a fetch in the middle.
    public var mediaDownloadDelay: TimeInterval { get { shelf.delay } set { shelf.delay = newValue } }

    /// A customer sends an attachment: the file is kept under a new media id and the webhook names it with its
    /// type, sha256 (base64, as webhooks carry it), caption and file name. Returns the message's wamid and the media id.
    @discardableResult
    public func customerSendsMedia(from digits: String, name: String, kind: MediaKind, bytes: Data, mimeType: String,
                                   caption: String? = nil, fileName: String? = nil, voice: Bool = false) async throws -> (wamid: String, mediaID: String) {
        let id = shelf.add(bytes, mimeType: mimeType, fileName: fileName)
        let wamid = "wamid.IN" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        var payload: [String: Any] = ["id": id, "mime_type": mimeType, "sha256": Data(shelf.item(id)?.digest ?? []).base64EncodedString()]
        if let caption, kind != .audio, kind != .sticker { payload["caption"] = caption }
        if let fileName, kind == .document { payload["filename"] = fileName }
        if kind == .audio { payload["voice"] = voice }
        if kind == .sticker { payload["animated"] = false }
        let body = WebhookPayloads.messages([WebhookPayloads.message(type: kind.rawValue, wamid: wamid, from: digits, payload: payload)],
                                            contacts: [(digits, name)], phoneNumberID: phoneNumberID)
        _ = try await postWebhook(body)
        return (wamid, id)
    }

    // MARK: Media endpoints

    func registerMediaRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/:version/:phone/media") { request, context in try await self.handleUpload(request, context) }
        router.get("/media-download/:id/:name") { request, context in await self.handleDownload(request, context) }
        // The router names one path segment alike everywhere: here `phone` holds the media id.
        router.get("/:version/:phone") { request, context in self.handleMediaInfo(request, context) }
    }

    /// `GET /{media-id}`: the download URL (valid with the token), type, hash and size; Meta's 100/33 when gone.
    func handleMediaInfo(_ request: Request, _ context: BasicRequestContext) -> Response {
        guard request.headers[.authorization] == "Bearer \(token)" else { return error(190) }
        let id = context.parameters.get("phone") ?? ""
        guard let item = shelf.item(id) else {
            return json(["error": ["message": "Unsupported get request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                                   "type": "GraphMethodException", "code": 100, "error_subcode": 33, "fbtrace_id": "AbCdEfGh"]], status: 400)
        }
        let hex = Hex.encode(item.digest)
        return json(["messaging_product": "whatsapp", "id": id, "mime_type": item.mimeType, "sha256": hex,
                     "file_size": String(item.bytes.count), "url": "http://127.0.0.1:\(boundPort)/media-download/\(id)/file"])
    }

    /// The download URL: the bytes with the bearer token, 401 without it, 404 once the file is gone.
    func handleDownload(_ request: Request, _ context: BasicRequestContext) async -> Response {
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "access token required")))
        }
        shelf.begin()
        defer { shelf.end() }
        if shelf.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(shelf.delay * 1e9)) }
        guard let bytes = shelf.download(context.parameters.get("id") ?? "") else { return Response(status: .notFound) }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(bytes))))
    }

    /// `POST /{phone-number-id}/media`: multipart with `messaging_product`, `type` and `file`; Meta's size and type
    /// limits apply (131053 when over them).
    func handleUpload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard context.parameters.get("phone") == phoneNumberID else { return error(100, status: 400, "Unknown phone number id") }
        guard request.headers[.authorization] == "Bearer \(token)" else { return error(190) }
        guard let type = request.headers[.contentType], let boundary = Self.boundary(type) else {
            return error(100, status: 400, "the upload must be multipart/form-data")
        }
        let body = Data(try await request.body.collect(upTo: 200 << 20).readableBytesView)
        let parts = Self.parts(body, boundary: boundary)
        guard parts.first(where: { $0.name == "messaging_product" }).map({ String(decoding: $0.data, as: UTF8.self) }) == "whatsapp" else {
            return error(100, status: 400, "messaging_product must be whatsapp")
        }
        guard let file = parts.first(where: { $0.name == "file" }), !file.data.isEmpty else { return error(100, status: 400, "file is required") }
        let mime = parts.first(where: { $0.name == "type" }).map { String(decoding: $0.data, as: UTF8.self) } ?? file.contentType ?? ""
        guard let kind = MediaLimits.kind(ofMimeType: mime) else {
            return error(131053, status: 400, "Media upload error: unsupported file type \(mime)")
        }
        guard file.data.count <= MediaLimits.maxBytes(kind, animated: false) || (kind == .sticker && file.data.count <= MediaLimits.maxBytes(.sticker, animated: true)) else {
            return error(131053, status: 400, "Media upload error: file too large for \(kind.rawValue) (\(file.data.count) bytes)")
        }
        shelf.beginUpload()
        defer { shelf.endUpload() }
        if shelf.uploadDelay > 0 { try? await Task.sleep(nanoseconds: UInt64(shelf.uploadDelay * 1e9)) }
        let id = shelf.add(file.data, mimeType: mime, fileName: file.fileName)
        recordUpload(id: id, mimeType: mime, size: file.data.count)
        return json(["id": id])
    }

    struct Part { var name: String; var fileName: String?; var contentType: String?; var data: Data }

    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let r = contentType.range(of: "boundary=") else { return nil }
        return String(contentType[r.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    /// Splits a multipart body into its parts (headers read for name, filename and type).
    static func parts(_ body: Data, boundary: String) -> [Part] {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return [] }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            var chunk = body[cursor..<next.lowerBound]
            cursor = next.upperBound
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            if chunk.suffix(2) == Data("\r\n".utf8) { chunk = chunk.dropLast(2) }
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let headers = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            var part = Part(name: "", data: Data(chunk[split.upperBound...]))
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = value(of: "name", in: line) ?? ""
                    part.fileName = value(of: "filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
        }
        return parts
    }

    static func value(of key: String, in header: String) -> String? {
        for piece in header.components(separatedBy: ";") {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            if kv.hasPrefix(key + "=\"") { return String(kv.dropFirst(key.count + 2).dropLast()) }
        }
        return nil
    }
}

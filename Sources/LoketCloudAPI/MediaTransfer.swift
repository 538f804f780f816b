import AsyncHTTPClient
import Foundation
import LoketDomain
public import LoketMedia
import LoketStore
import NIOCore
import NIOHTTP1

/// How fetching one inbound attachment ended.
public enum MediaDownload: Equatable, Sendable {
    /// Kept in the media folder.
    case kept(MediaFolder.Kept, mimeType: String)
    /// Larger than allowed: not fetched.
    case tooLarge(size: Int)
    /// Meta no longer has it (the id is unknown to it).
    case gone(reason: String)
    /// Worth trying again (network, 5xx, an expired download URL, a checksum mismatch, a refused token).
    case failed(reason: String, checksum: Bool)
}

/// Fetches inbound attachments (docs/SPEC.md §9).
public protocol MediaFetching: Sendable {
    /// With `syncFolder` false, the caller makes the kept file's name durable (``MediaFolder/syncFolder()``).
    /// `arrived` runs when the last byte is in (before the file is synced and named), and again when the download
    /// ends however it ends: from the first call on, the network is free again.
    func download(mediaID: String, expectedSHA256: String?, into folder: MediaFolder, maxBytes: Int, syncFolder: Bool,
                  arrived: @escaping @Sendable () async -> Void) async -> MediaDownload
}

extension MediaFetching {
    public func download(mediaID: String, expectedSHA256: String?, into folder: MediaFolder, maxBytes: Int) async -> MediaDownload {
        await download(mediaID: mediaID, expectedSHA256: expectedSHA256, into: folder, maxBytes: maxBytes, syncFolder: true, arrived: {})
    }
}

extension CloudAPIClient: MediaFetching {
    /// `GET /{media-id}` for the URL, type, size and hash; then the URL with the same token, streamed into the
    /// folder while hashed. Nothing is kept unless the whole file arrived and its sha256 is Meta's.
    public func download(mediaID: String, expectedSHA256: String?, into folder: MediaFolder, maxBytes: Int,
                         syncFolder: Bool, arrived: @escaping @Sendable () async -> Void) async -> MediaDownload {
        // Whatever happens, the caller hears once that this download no longer uses the network.
        let result = await fetch(mediaID: mediaID, expectedSHA256: expectedSHA256, into: folder, maxBytes: maxBytes,
                                 syncFolder: syncFolder, arrived: arrived)
        await arrived()
        return result
    }

    private func fetch(mediaID: String, expectedSHA256: String?, into folder: MediaFolder, maxBytes: Int,
                       syncFolder: Bool, arrived: () async -> Void) async -> MediaDownload {
        let redaction = SecretRedaction(secrets: [token])
        let info: MediaInfo
        do {
            var request = HTTPClientRequest(url: "\(base)/\(Self.pathSafe(mediaID))?phone_number_id=\(phoneNumberID)")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await http.execute(request, timeout: timeout)
            let body = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
            switch MediaInfo.parse(status: Int(response.status.code), body: body) {
            case .success(let i): info = i
            case .failure(let e):
                // 100/33 "object does not exist" (or a plain 404): Meta has deleted it.
                if e.httpStatus == 404 || (e.code == 100 && e.subcode == 33) {
                    return .gone(reason: e.description)
                }
                return .failed(reason: e.description, checksum: false)
            }
        } catch {
            return .failed(reason: redaction.redact(String(describing: error)), checksum: false)
        }
        if let size = info.fileSize, size > maxBytes { return .tooLarge(size: size) }
        let writer: MediaFileWriter
        do { writer = try folder.writer() } catch { return .failed(reason: "\(error)", checksum: false) }
        do {
            var request = HTTPClientRequest(url: info.url)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await http.execute(request, timeout: .seconds(300))
            guard response.status == .ok else {
                writer.discard()
                // The URL lives five minutes: a 404 there means asking for a new one, not that the media is gone.
                return .failed(reason: "download answered HTTP \(response.status.code)", checksum: false)
            }
            if let size = info.fileSize, size <= Self.collectedDownload {
                // A photo or a voice note arrives whole in one buffer (one write; no hop per network chunk).
                guard let body = try? await response.body.collect(upTo: min(maxBytes, Self.collectedDownload)) else {
                    writer.discard()
                    return size > maxBytes ? .tooLarge(size: size) : .failed(reason: "the download was larger than Meta said", checksum: false)
                }
                try body.withUnsafeReadableBytes { try writer.append($0) }
            } else {
                for try await chunk in response.body {
                    try chunk.withUnsafeReadableBytes { try writer.append($0) }
                    if writer.size > maxBytes {
                        writer.discard()
                        return .tooLarge(size: info.fileSize ?? writer.size)
                    }
                }
            }
            await arrived()
            let kept = try writer.finish(extension: MediaLimits.fileExtension(forMimeType: info.mimeType),
                                         expected: info.sha256 ?? expectedSHA256, syncFolder: syncFolder)
            return .kept(kept, mimeType: info.mimeType)
        } catch let e as ChecksumMismatch {
            return .failed(reason: e.description, checksum: true)
        } catch {
            writer.discard()
            return .failed(reason: redaction.redact(String(describing: error)), checksum: false)
        }
    }

    /// Files up to this size are read whole into memory before they are written; larger ones are streamed.
    static let collectedDownload = 8 << 20

    /// `POST /{phone-number-id}/media` (multipart: `messaging_product`, `type`, `file`): the new media id, or Meta's error.
    func upload(_ attachment: OutgoingAttachment) async throws -> SendResponse {
        guard let bytes = FileManager.default.contents(atPath: attachment.file) else {
            return .error(GraphError(httpStatus: 400, code: 0, message: "the attachment's file \(attachment.file) is missing from the media folder",
                                     details: nil, isTransient: false))
        }
        let boundary = "loket-" + UUID().uuidString
        let name = attachment.fileName ?? ((attachment.file as NSString).lastPathComponent)
        var request = HTTPClientRequest(url: "\(base)/\(phoneNumberID)/media")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        let body = Multipart.body(boundary: boundary, fields: [("messaging_product", "whatsapp"), ("type", attachment.mimeType)],
                                  file: (field: "file", name: name, mimeType: attachment.mimeType, data: bytes))
        request.body = .bytes(ByteBuffer(bytes: Array(body)))
        do {
            let response = try await http.execute(request, timeout: .seconds(max(60, Int64(timeout.nanoseconds / 1_000_000_000))))
            let answer = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
            let status = Int(response.status.code)
            if (200..<300).contains(status),
               let id = (try? JSONSerialization.jsonObject(with: answer)).flatMap(JSONObject.init)?.string("id"), !id.isEmpty {
                return .accepted(wamid: id)
            }
            return SendResponse.parse(status: status == 200 ? 500 : status, body: answer)
        } catch {
            throw CloudAPITransportError(SecretRedaction(secrets: [token]).redact(String(describing: error)))
        }
    }

    /// A media id is digits; anything else is escaped so it cannot change the request's path.
    static func pathSafe(_ id: String) -> String {
        if !id.isEmpty, id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return id }
        return id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }
}

/// Meta's answer to `GET /{media-id}`.
struct MediaInfo: Equatable {
    var url: String
    var mimeType: String
    var sha256: String?
    var fileSize: Int?

    struct Failure: Error, CustomStringConvertible {
        var httpStatus: Int
        var code: Int
        var subcode: Int?
        var message: String
        var description: String { "(#\(code)\(subcode.map { "/\($0)" } ?? "")) \(message)" }
    }

    static func parse(status: Int, body: Data) -> Result<MediaInfo, Failure> {
        let o = (try? JSONSerialization.jsonObject(with: body)).flatMap(JSONObject.init)
        if (200..<300).contains(status), let o, let url = o.string("url"), !url.isEmpty {
            // file_size is a string in Meta's examples and a number in some answers.
            let size = o.int("file_size") ?? o.string("file_size").flatMap { Int($0) }
            return .success(MediaInfo(url: url, mimeType: o.string("mime_type") ?? "application/octet-stream",
                                      sha256: o.string("sha256"), fileSize: size))
        }
        let e = o?.object("error")
        return .failure(Failure(httpStatus: status, code: e?.int("code") ?? 0, subcode: e?.int("error_subcode"),
                                message: e?.string("message") ?? "HTTP \(status)"))
    }
}

/// A `multipart/form-data` body (RFC 7578).
enum Multipart {
    static func body(boundary: String, fields: [(String, String)], file: (field: String, name: String, mimeType: String, data: Data)) -> Data {
        var out = Data()
        for (name, value) in fields {
            out.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        let safeName = file.name.replacingOccurrences(of: "\"", with: "'").filter { !$0.isNewline }
        out.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(safeName)\"\r\nContent-Type: \(file.mimeType)\r\n\r\n".utf8))
        out.append(file.data)
        out.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return out
    }
}

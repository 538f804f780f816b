public import Foundation
public import LoketDomain

/// A message's attachment (docs/SPEC.md §9): what Meta said about it, and where Loket keeps it.
public struct MessageMedia: Equatable, Sendable {
    public var kind: MediaKind
    /// Meta's media id (inbound; outbound: the last upload's id).
    public var mediaID: String?
    public var mimeType: String?
    /// Bytes, once known (Meta's `file_size`, or the kept file's).
    public var size: Int?
    /// As Meta gave it (hex or base64) for inbound media, hex of the kept file for outbound.
    public var sha256: String?
    /// A document's file name.
    public var fileName: String?
    /// The kept file's path, once it is in the media folder.
    public var file: String?
    public var state: MediaState
    /// Why the last download failed, or why it was given up on.
    public var lastError: String?
    /// An audio message recorded as a voice note.
    public var voice: Bool

    public init(kind: MediaKind, mediaID: String? = nil, mimeType: String? = nil, size: Int? = nil, sha256: String? = nil,
                fileName: String? = nil, file: String? = nil, state: MediaState = .fetching, lastError: String? = nil,
                voice: Bool = false) {
        self.kind = kind; self.mediaID = mediaID; self.mimeType = mimeType; self.size = size; self.sha256 = sha256
        self.fileName = fileName; self.file = file; self.state = state; self.lastError = lastError; self.voice = voice
    }
}

/// An inbound attachment due for download.
public struct MediaFetchJob: Equatable, Sendable {
    public var messageID: Int64
    public var mediaID: String
    /// Meta's hash from the webhook, when it gave one.
    public var sha256: String?
    public var mimeType: String?
    /// Downloads tried before this one.
    public var attempts: Int
    public init(messageID: Int64, mediaID: String, sha256: String?, mimeType: String?, attempts: Int) {
        self.messageID = messageID; self.mediaID = mediaID; self.sha256 = sha256; self.mimeType = mimeType; self.attempts = attempts
    }
}

/// How one download ended, as the fetcher reports it to the store.
public enum MediaFetchOutcome: Equatable, Sendable {
    /// Kept in the media folder.
    case stored(file: String, size: Int, mimeType: String, sha256: String)
    /// Try again at that time.
    case retry(at: Date, reason: String)
    /// Meta no longer has it.
    case expired(reason: String)
    /// Over `[media] max_download_mb`: not fetched.
    case tooLarge(size: Int)
    /// Given up after too many failures.
    case failed(reason: String)
}

/// A file an agent sends, already kept in the media folder and checked against Meta's limits.
public struct OutgoingAttachment: Equatable, Sendable {
    public var kind: MediaKind
    /// The kept file's path.
    public var file: String
    public var mimeType: String
    public var size: Int
    /// Hex.
    public var sha256: String
    /// The name the customer sees on a document (the agent's file name).
    public var fileName: String?
    public init(kind: MediaKind, file: String, mimeType: String, size: Int, sha256: String, fileName: String?) {
        self.kind = kind; self.file = file; self.mimeType = mimeType; self.size = size; self.sha256 = sha256; self.fileName = fileName
    }
}

extension MessageMedia {
    /// What was written with the attachment: a message body without its `[kind] file name` label (docs/SPEC.md §9:
    /// export's `body` is exactly what the customer wrote).
    public func caption(ofBody body: String) -> String {
        var rest = Substring(body)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...].drop { $0 == " " } }
        if let name = fileName, !name.isEmpty, rest.hasPrefix(name) { rest = rest.dropFirst(name.count).drop { $0 == " " } }
        return String(rest)
    }
}

extension TemplateMedia {
    /// A kept header file as an attachment to upload (nil for a link).
    public var attachment: OutgoingAttachment? {
        guard link == nil, let file else { return nil }
        return OutgoingAttachment(kind: kind, file: file, mimeType: mimeType ?? "application/octet-stream", size: size ?? 0,
                                  sha256: sha256 ?? "", fileName: fileName)
    }

    /// A kept attachment as a template's header media.
    public init(_ a: OutgoingAttachment) {
        self.init(kind: a.kind, file: a.file, mimeType: a.mimeType, size: a.size, sha256: a.sha256, fileName: a.fileName)
    }
}

import Foundation

/// Meta's rules for media a business sends (docs/SPEC.md §9), checked before anything is queued: the types
/// WhatsApp takes for each kind, their size limits, and that a file is what its name says (its first bytes).
public enum MediaLimits {
    /// What a file will be sent as.
    public struct Accepted: Equatable, Sendable {
        public var kind: MediaKind
        public var mimeType: String
        public init(kind: MediaKind, mimeType: String) { self.kind = kind; self.mimeType = mimeType }
    }

    struct FileType {
        var kind: MediaKind
        var mime: String
        /// Bytes the file must start with (at `offset`), when the format has a signature.
        var signature: [UInt8]? = nil
        var offset = 0
    }

    static let mb = 1024 * 1024
    static let types: [String: FileType] = [
        "jpg": FileType(kind: .image, mime: "image/jpeg", signature: [0xFF, 0xD8, 0xFF]),
        "jpeg": FileType(kind: .image, mime: "image/jpeg", signature: [0xFF, 0xD8, 0xFF]),
        "png": FileType(kind: .image, mime: "image/png", signature: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "webp": FileType(kind: .sticker, mime: "image/webp", signature: Array("WEBP".utf8), offset: 8),
        "mp4": FileType(kind: .video, mime: "video/mp4", signature: Array("ftyp".utf8), offset: 4),
        "3gp": FileType(kind: .video, mime: "video/3gpp", signature: Array("ftyp".utf8), offset: 4),
        "aac": FileType(kind: .audio, mime: "audio/aac"),
        "amr": FileType(kind: .audio, mime: "audio/amr", signature: Array("#!AMR".utf8)),
        "mp3": FileType(kind: .audio, mime: "audio/mpeg"),
        "m4a": FileType(kind: .audio, mime: "audio/mp4", signature: Array("ftyp".utf8), offset: 4),
        "ogg": FileType(kind: .audio, mime: "audio/ogg", signature: Array("OggS".utf8)),
        "opus": FileType(kind: .audio, mime: "audio/ogg", signature: Array("OggS".utf8)),
        "pdf": FileType(kind: .document, mime: "application/pdf", signature: Array("%PDF".utf8)),
        "txt": FileType(kind: .document, mime: "text/plain"),
        "doc": FileType(kind: .document, mime: "application/msword"),
        "docx": FileType(kind: .document, mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         signature: [0x50, 0x4B]),
        "xls": FileType(kind: .document, mime: "application/vnd.ms-excel"),
        "xlsx": FileType(kind: .document, mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         signature: [0x50, 0x4B]),
        "ppt": FileType(kind: .document, mime: "application/vnd.ms-powerpoint"),
        "pptx": FileType(kind: .document, mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                         signature: [0x50, 0x4B]),
    ]

    /// The kind a mime type is sent as ("image/webp" is a sticker); nil for a type WhatsApp does not take.
    public static func kind(ofMimeType mime: String) -> MediaKind? {
        types[extensionByMime[baseType(mime)] ?? ""]?.kind
    }

    /// The file extension for a mime type ("image/jpeg" → "jpg", "audio/ogg; codecs=opus" → "ogg"); "bin" when unknown.
    public static func fileExtension(forMimeType mime: String) -> String {
        extensionByMime[baseType(mime)] ?? "bin"
    }

    /// Each mime type's usual extension, worked out once from ``types``.
    static let extensionByMime: [String: String] = Dictionary(grouping: types.keys, by: { types[$0]!.mime })
        .mapValues { $0.min { preferred($0) < preferred($1) }! }

    /// Between two extensions of one type, the usual one ("jpg" over "jpeg", "ogg" over "opus").
    static func preferred(_ ext: String) -> (Int, String) { (["jpeg", "opus"].contains(ext) ? 1 : 0, ext) }

    static func baseType(_ mime: String) -> String {
        (mime.split(separator: ";").first.map(String.init) ?? mime).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The largest file of `kind` Meta takes, in bytes (a sticker's depends on whether it is animated).
    public static func maxBytes(_ kind: MediaKind, animated: Bool = false) -> Int {
        switch kind {
        case .image: return 5 * mb
        case .video, .audio: return 16 * mb
        case .document: return 100 * mb
        case .sticker: return animated ? 500 * 1024 : 100 * 1024
        }
    }

    /// The extensions WhatsApp takes, for the error that names them.
    public static let accepted = "jpg png mp4 3gp aac amr mp3 m4a ogg pdf txt doc docx xls xlsx ppt pptx webp"

    /// Meta shows at most this many characters of a media caption.
    public static let captionLimit = 1024

    /// Checks a caption for an attachment of `kind`: audio and stickers take none, others at most 1024 characters.
    public static func checkCaption(_ caption: String, kind: MediaKind) throws(InputError) {
        guard !caption.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        if kind == .audio || kind == .sticker {
            throw InputError("WhatsApp shows no caption on {1} messages; send the text as a reply of its own", kind.rawValue)
        }
        if caption.count > captionLimit {
            throw InputError("the caption is {1} characters; WhatsApp shows at most {2} under a file", caption.count, captionLimit)
        }
    }

    /// Checks a file an agent attaches: `name` (its extension decides the type), its size and its first bytes
    /// (at least 32 when the file has them). Throws a one-line ``InputError`` for a type WhatsApp does not take,
    /// a file over Meta's limit, an empty file, or content that is not what the name says.
    public static func check(fileName name: String, size: Int, head: [UInt8]) throws(InputError) -> Accepted {
        let ext = name.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }
            .map { $0.lowercased() } ?? ""
        guard let type = types[ext] else {
            if ext.isEmpty { throw InputError("{1}: a file needs its extension (WhatsApp takes {2})", name, accepted) }
            throw InputError("{1}: WhatsApp does not take .{2} files (it takes {3})", name, ext, accepted)
        }
        guard size > 0 else { throw InputError("{1} is empty", name) }
        if let sig = type.signature {
            guard head.count >= type.offset + sig.count, Array(head[type.offset..<type.offset + sig.count]) == sig else {
                throw InputError("{1} is not a real .{2} file (its content says otherwise)", name, ext)
            }
        }
        let animated = type.kind == .sticker && isAnimatedWebP(head)
        let limit = maxBytes(type.kind, animated: animated)
        guard size <= limit else {
            switch type.kind {
            case .image: throw InputError("{1} is {2}; WhatsApp takes images up to {3}", name, byteSize(size), byteSize(limit))
            case .video: throw InputError("{1} is {2}; WhatsApp takes videos up to {3}", name, byteSize(size), byteSize(limit))
            case .audio: throw InputError("{1} is {2}; WhatsApp takes audio up to {3}", name, byteSize(size), byteSize(limit))
            case .document: throw InputError("{1} is {2}; WhatsApp takes documents up to {3}", name, byteSize(size), byteSize(limit))
            case .sticker: throw InputError("{1} is {2}; WhatsApp takes stickers up to {3}", name, byteSize(size), byteSize(limit))
            }
        }
        return Accepted(kind: type.kind, mimeType: type.mime)
    }

    /// A WebP whose extended header (`VP8X`) has the animation flag.
    static func isAnimatedWebP(_ head: [UInt8]) -> Bool {
        head.count > 20 && Array(head[12..<16]) == Array("VP8X".utf8) && head[20] & 0x02 != 0
    }

    /// `48 KB`, `5.2 MB`, `100 MB` (binary units, as file managers show them).
    public static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < mb { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + mb / 2) / mb
        return tenths % 10 == 0 || tenths >= 1000 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }
}

import LoketDomain
import LoketStore

/// The line a media message shows: what it is, how big, and where it stands ("📎 photo · 68 KB · o opens",
/// "fetching…", "could not be fetched", "no longer at Meta", "too large to fetch").
enum AttachmentLine {
    static func text(_ media: MessageMedia, inbound: Bool, words w: Words, openKey: String) -> String {
        var parts = [kindWord(media, words: w)]
        if let name = media.fileName, !name.isEmpty { parts.append(name) }
        if let size = media.size { parts.append(MediaLimits.byteSize(size)) }
        switch media.state {
        case .fetching: parts.append(inbound ? w("fetching…") : w("waiting to upload"))
        case .ready: parts.append(w("{1} opens", openKey))
        case .failed: parts.append(w("could not be fetched") + (media.lastError.map { ": \($0)" } ?? ""))
        case .expired: parts.append(w("no longer at Meta, never stored"))
        case .tooLarge: parts.append(w("too large to fetch ([media] max_download_mb)"))
        }
        return "📎 " + parts.joined(separator: " · ")
    }

    static func kindWord(_ media: MessageMedia, words w: Words) -> String {
        switch media.kind {
        case .image: return w("photo")
        case .video: return w("video")
        case .audio: return media.voice ? w("voice note") : w("audio")
        case .document: return w("document")
        case .sticker: return w("sticker")
        }
    }

    /// What the customer (or agent) wrote with it: the body without its `[kind] file name` label.
    static func caption(of body: String, media: MessageMedia) -> String {
        var rest = Substring(body)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...].drop { $0 == " " } }
        if let name = media.fileName, rest.hasPrefix(name) { rest = rest.dropFirst(name.count).drop { $0 == " " } }
        return String(rest)
    }
}

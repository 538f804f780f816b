import LoketDomain
import LoketStore
import TermCore

/// The line a media message shows: what it is, how big, and where it stands ("📎 photo · 68 KB · o opens",
/// "fetching…", "could not be fetched", "no longer at Meta", "too large to fetch automatically"), fitted to one
/// row (a long file name is shortened, never the state).
enum AttachmentLine {
    static func text(_ media: MessageMedia, inbound: Bool, words w: Words, openKey: String, width: Int = .max) -> String {
        var tail: [String] = []
        if let size = media.size { tail.append(MediaLimits.byteSize(size)) }
        switch media.state {
        case .fetching: tail.append(inbound ? w("fetching…") : w("waiting to upload"))
        case .ready: tail.append(w("{1} opens", openKey))
        case .failed: tail.append(w("could not be fetched") + (media.lastError.map { ": \($0)" } ?? ""))
        case .expired: tail.append(w("no longer at Meta, never stored"))
        case .tooLarge: tail.append(w("too large to fetch automatically"))
        }
        let head = "📎 " + kindWord(media, words: w)
        let rest = " · " + tail.joined(separator: " · ")
        guard let name = media.fileName, !name.isEmpty else { return head + rest }
        let room = width - DisplayWidth.of(head + rest) - 3
        return head + " · " + (room >= DisplayWidth.of(name) ? name : DisplayWidth.fit(name, max(8, room), pad: false)) + rest
    }

    static func kindWord(_ media: MessageMedia, words w: Words) -> String { kindWord(media.kind, voice: media.voice, words: w) }

    static func kindWord(_ kind: MediaKind, voice: Bool = false, words w: Words) -> String {
        switch kind {
        case .image: return w("photo")
        case .video: return w("video")
        case .audio: return voice ? w("voice note") : w("audio")
        case .document: return w("document")
        case .sticker: return w("sticker")
        }
    }

    /// A queue preview that begins with a media label (`[image] struk`) says it in the agent's words (`📎 photo struk`).
    static func preview(_ text: String, words w: Words) -> String {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return text }
        let label = text[text.index(after: text.startIndex)..<close]
        let word: String
        switch label {
        case "image": word = w("photo")
        case "video": word = w("video")
        case "audio": word = w("audio")
        case "voice message": word = w("voice note")
        case "document": word = w("document")
        case "sticker", "animated sticker": word = w("sticker")
        default: return text
        }
        return "📎 " + word + text[text.index(after: close)...]
    }
}

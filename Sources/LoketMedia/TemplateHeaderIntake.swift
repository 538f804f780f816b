import Foundation
public import LoketDomain
import LoketStore

/// A template's header image, video or document as an agent gives it (`--header-media`, the template dialog's
/// header field): an `https://` link Meta fetches, or a file checked like any attachment and kept in the media
/// folder (uploaded when the template is sent). Refused input is one ``InputError`` and leaves nothing behind.
public enum TemplateHeaderIntake {
    /// The media the value names, checked but not kept (previews).
    public static func inspect(_ value: String, kind: MediaKind) throws(InputError) -> TemplateMedia {
        let text = value.trimmingCharacters(in: .whitespaces)
        if TemplateMedia.isLink(text) { return try TemplateMedia.link(text, kind: kind) }
        let (accepted, size) = try AttachmentIntake.inspect(path: text)
        try matches(accepted.kind, kind, text)
        return TemplateMedia(kind: kind, mimeType: accepted.mimeType, size: size, fileName: (text as NSString).lastPathComponent)
    }

    /// Runs `queue` with the header media: a link as it is, a file kept in `folder` first (removed again when
    /// `queue` throws and the copy was made for it).
    public static func send<T>(_ value: String, kind: MediaKind, folder: MediaFolder,
                               _ queue: (TemplateMedia) async throws -> T) async throws -> T {
        let text = value.trimmingCharacters(in: .whitespaces)
        if TemplateMedia.isLink(text) { return try await queue(try TemplateMedia.link(text, kind: kind)) }
        let (accepted, _) = try AttachmentIntake.inspect(path: text)
        try matches(accepted.kind, kind, text)
        return try await AttachmentIntake.send(path: text, folder: folder) { attachment in
            var media = TemplateMedia(attachment)
            media.kind = kind
            return try await queue(media)
        }
    }

    private static func matches(_ got: MediaKind, _ wanted: MediaKind, _ path: String) throws(InputError) {
        // Any file can go as a document; a picture or video header takes only its own kind.
        guard got == wanted || wanted == .document else {
            throw InputError("{1} is a {2}; the template's header takes a {3}", path, got.rawValue, wanted.rawValue)
        }
    }
}

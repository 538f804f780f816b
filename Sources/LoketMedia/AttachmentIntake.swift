import Foundation
public import LoketDomain
public import LoketStore

/// Takes a file an agent attaches (the composer's attach key, `loket reply --attach`): checks it against Meta's
/// limits (``MediaLimits``) and keeps a copy in the media folder, so what is queued can always be sent, even if
/// the original is moved or deleted. Bad input is a one-line ``InputError`` and nothing is kept.
public enum AttachmentIntake {
    /// What a file would be sent as, without keeping it (the composer shows this before the agent confirms).
    public static func inspect(path: String) throws(InputError) -> (accepted: MediaLimits.Accepted, size: Int) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw InputError("no file {1}", path) }
        guard !isFolder.boolValue else { throw InputError("{1} is a folder, not a file", path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError("cannot read {1}", path) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)).map { [UInt8]($0) } ?? []
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (try MediaLimits.check(fileName: (path as NSString).lastPathComponent, size: size, head: head), size)
    }

    /// Checks the file, keeps a copy in `folder` and runs `queue` with the attachment; when `queue` throws (a
    /// rule said no), a copy made for it alone is removed again, so refused input leaves nothing behind.
    public static func send<T>(path: String, folder: MediaFolder, _ queue: (OutgoingAttachment) async throws -> T) async throws -> T {
        let (accepted, _) = try inspect(path: path)
        try folder.create()
        let name = (path as NSString).lastPathComponent
        let kept = try folder.keep(copyOf: path, extension: (name as NSString).pathExtension.lowercased())
        let attachment = OutgoingAttachment(kind: accepted.kind, file: kept.path, mimeType: accepted.mimeType, size: kept.size,
                                            sha256: kept.sha256, fileName: name)
        do { return try await queue(attachment) } catch {
            if kept.isNew { try? FileManager.default.removeItem(atPath: kept.path) }
            throw error
        }
    }
}

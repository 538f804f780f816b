public import Foundation
import LoketDomain
#if canImport(Glibc)
import Glibc
#endif

/// The folder attachments are kept in (docs/SPEC.md §9: `[media] dir`, else the store's path with `.media`
/// appended), each file named by the sha256 of its content. A file is written under a temporary name, synced
/// and then renamed, so a crash never leaves a half file under a final name: whatever has a final name is whole.
public struct MediaFolder: Sendable {
    public let path: String
    /// 0600/0700 for one user; 0660/2770 when a team group shares the store.
    let fileMode: mode_t
    let folderMode: mode_t

    public init(path: String, shared: Bool = false) {
        self.path = path
        fileMode = shared ? 0o660 : 0o600
        folderMode = shared ? 0o2770 : 0o700
    }

    /// The folder a store's attachments go to when `[media] dir` does not say.
    public static func defaultPath(forStore storePath: String) -> String { storePath + ".media" }

    /// A file kept in the folder.
    public struct Kept: Equatable, Sendable {
        public var path: String
        public var size: Int
        /// Lowercase hex.
        public var sha256: String
        /// False when the folder already had this content (another message's copy).
        public var isNew = true
    }

    /// Creates the folder when missing.
    public func create() throws {
        if FileManager.default.fileExists(atPath: path) { return }
        guard mkdir(path, folderMode) == 0 || errno == EEXIST else { throw MediaFolderError("cannot create \(path): \(String(cString: strerror(errno)))") }
        _ = chmod(path, folderMode)
    }

    /// Starts writing a file (for a download): bytes go to a temporary file until ``MediaFileWriter/finish(extension:expected:)``.
    public func writer() throws -> MediaFileWriter {
        try MediaFileWriter(folder: self)
    }

    /// Copies `source` into the folder (an agent's attachment: kept before it is queued, so moving or deleting
    /// the original later loses nothing).
    public func keep(copyOf source: String, extension ext: String) throws -> Kept {
        guard let input = FileHandle(forReadingAtPath: source) else { throw MediaFolderError("cannot read \(source)") }
        defer { try? input.close() }
        let out = try writer()
        do {
            while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty { try out.append(chunk) }
            return try out.finish(extension: ext, expected: nil)
        } catch {
            out.discard()
            throw error
        }
    }

    /// Makes the folder's entries (renames) durable.
    public func syncFolder() {
        let dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// Removes temporary files a crashed download or copy left behind (they never pass for whole files); a
    /// live process's file (`loket media get` writing now) is left alone.
    public func removeLeftovers() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for n in names where n.hasPrefix(MediaFileWriter.temporaryPrefix) {
            let pid = n.dropFirst(MediaFileWriter.temporaryPrefix.count).split(separator: "-").first.flatMap { Int32($0) }
            if let pid, pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: path + "/" + n)
        }
    }

    /// Keeps bytes already in memory (the demo's generated files) as ``keep(copyOf:extension:)`` keeps a file.
    public func keep(_ data: Data, extension ext: String) throws -> Kept {
        let out = try writer()
        do {
            try out.append(data)
            return try out.finish(extension: ext, expected: nil)
        } catch {
            out.discard()
            throw error
        }
    }
}

/// A media-folder problem (cannot create, read or write): worth retrying for a download, an error for the CLI.
public struct MediaFolderError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Crypto
import LoketDomain
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file being written into a ``MediaFolder``: bytes are appended to a temporary file while their sha256 is
/// worked out; ``finish(extension:expected:)`` checks the hash, syncs the file and renames it to its content
/// name. Dropped without finishing (``discard()``), nothing is left under a final name.
public final class MediaFileWriter {
    static let temporaryPrefix = ".partial-"
    let folder: MediaFolder
    let temporaryPath: String
    private let fd: Int32
    private var hasher = SHA256()
    public private(set) var size = 0
    private var closed = false

    init(folder: MediaFolder) throws {
        self.folder = folder
        // The writer's pid in the name: leftovers of a dead process can be told from a live writer's file.
        temporaryPath = folder.path + "/" + Self.temporaryPrefix + "\(getpid())-" + UUID().uuidString
        var fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, folder.fileMode)
        if fd < 0, errno == ENOENT {
            // The folder is made on first use (or again, if someone removed it).
            try folder.create()
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, folder.fileMode)
        }
        self.fd = fd
        guard fd >= 0 else { throw MediaFolderError("cannot write in \(folder.path): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, folder.fileMode)
    }

    deinit { if !closed { close(fd); unlink(temporaryPath) } }

    /// Appends bytes (hashed as they are written); the caller's buffer is written as it is, not copied.
    public func append(_ raw: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: raw)
        var done = 0
        while done < raw.count {
            let n = write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 { if errno == EINTR { continue }; throw MediaFolderError("cannot write \(temporaryPath): \(String(cString: strerror(errno)))") }
            done += n
        }
        size += raw.count
    }

    public func append(_ data: Data) throws {
        try data.withUnsafeBytes { try append($0) }
    }

    /// Syncs and names the file by its sha256 (`<hex>.<ext>`), after checking it against `expected` (Meta's
    /// hash, hex or base64) when given. A mismatch removes the file and throws ``ChecksumMismatch``.
    /// With `syncFolder` false the rename is durable only once the caller runs ``MediaFolder/syncFolder()`` (a
    /// fetcher syncs the folder once for a batch of files, before recording them in the store).
    public func finish(extension ext: String, expected: String?, syncFolder: Bool = true) throws -> MediaFolder.Kept {
        let digest = Array(hasher.finalize())
        let hex = Hex.encode(digest)
        if let expected, !Self.matches(expected, digest: digest, hex: hex) {
            discard()
            throw ChecksumMismatch(expected: expected, actual: hex)
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw MediaFolderError("cannot sync \(temporaryPath): \(reason)")
        }
        close(fd)
        closed = true
        let final = folder.path + "/" + hex + "." + ext
        // Named only if the name is free (one call: no look first); a file of that name has this very content,
        // being named by its hash, so an existing one is kept and this copy dropped.
        var existed = false
        var named = Self.renameNoReplace(temporaryPath, final) == 0
        if !named, errno == EEXIST {
            existed = true
            named = true
            unlink(temporaryPath)
        } else if !named, errno == EINVAL || errno == ENOSYS {
            // A file system without RENAME_NOREPLACE: the plain rename.
            existed = access(final, F_OK) == 0
            named = rename(temporaryPath, final) == 0
        }
        guard named else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw MediaFolderError("cannot keep \(final): \(reason)")
        }
        // The rename itself is made durable too.
        if syncFolder { folder.syncFolder() }
        return MediaFolder.Kept(path: final, size: size, sha256: hex, isNew: !existed)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2` (declared only under _GNU_SOURCE, so looked up by name); nil on a libc without it.
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }

    /// `rename` that fails with EEXIST instead of replacing (RENAME_NOREPLACE); EINVAL/ENOSYS where unsupported.
    static func renameNoReplace(_ from: String, _ to: String) -> Int32 {
        guard let call = renameat2 else { errno = ENOSYS; return -1 }
        let atCurrentDirectory: Int32 = -100, noReplace: UInt32 = 1
        return call(atCurrentDirectory, from, atCurrentDirectory, to, noReplace)
    }

    /// Drops what was written.
    public func discard() {
        guard !closed else { return }
        closed = true
        close(fd)
        unlink(temporaryPath)
    }

    /// Meta gives the hash as hex (`GET /{media-id}`) or base64 (webhooks).
    static func matches(_ expected: String, digest: [UInt8], hex: String) -> Bool {
        let e = expected.trimmingCharacters(in: .whitespaces)
        if e.lowercased() == hex { return true }
        return Data(digest).base64EncodedString() == e
    }
}

/// The downloaded bytes are not what Meta's sha256 says: the file is not kept.
public struct ChecksumMismatch: Error, Sendable, CustomStringConvertible {
    public let expected: String
    public let actual: String
    public var description: String { "sha256 mismatch: Meta says \(expected), the download is \(actual)" }
}

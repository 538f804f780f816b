public import Foundation
public import LoketStore
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite store's one-dispatcher rule: an exclusive `flock` on `STORE-gateway.lock`, held for as long
/// as the gateway lives (the kernel drops it when the process dies, however it dies). The file says who
/// holds it, for the error a second gateway prints.
final class OutboxFileLock: OutboxOwnership, @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32

    /// Takes the lock or throws ``OutboxOwned`` naming the holder; touches nothing else.
    init(storePath: String, holder: String, mode: mode_t) throws {
        let path = storePath + "-gateway.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw StoreUnavailable("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 512)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let who = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            throw OutboxOwned(holder: who.isEmpty ? "a process holding \(path)" : who)
        }
        let text = Array((holder + "\n").utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fsync(fd)
        self.fd = fd
    }

    func release() {
        lock.withLock {
            guard fd >= 0 else { return }
            _ = ftruncate(fd, 0)
            close(fd)   // closing the only descriptor drops the flock
            fd = -1
        }
    }

    deinit { release() }
}

extension SQLiteStore {
    public func acquireOutbox(holder: String) throws -> any OutboxOwnership {
        try OutboxFileLock(storePath: path, holder: holder, mode: StoreFiles.fileMode(group: teamGroup))
    }
}

extension SQLiteStore {
    /// One dispatcher owns a SQLite store's outbox (``OutboxFileLock``): it has the whole throughput.
    public func dispatcherHeartbeat(holder: String, throughput: Int, now: Date) async throws -> Int { throughput }
    public func dispatcherLeft(holder: String) async throws {}
    /// SQLite has one writer at a time: webhooks are stored one transaction after another.
    public var writersAtOnce: Int { 1 }
}

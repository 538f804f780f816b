import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a waiting thread when a file of the store changes (Linux inotify on its folder, so a WAL file that is
/// created, truncated or removed later is still seen). A commit by any process appends to `<store>-wal`; a
/// checkpoint writes `<store>`. Every signal of a process shares one inotify instance (``FileChangeHub``): the
/// system allows a user few of them (128 by default), and a process may watch many stores. Waiting blocks the
/// calling thread: it belongs on a thread of its own.
final class FileChangeSignal: @unchecked Sendable {
    /// A pipe: the hub writes `c` to its end when a store file changed, ``interrupt()`` writes `i`.
    private let reader: Int32
    private let writer: Int32
    private let registration: FileChangeHub.Registration

    /// nil when the system cannot watch the folder (no inotify, or its limits reached): callers poll instead.
    init?(storePath: String) {
        #if os(Linux)
        let url = URL(fileURLWithPath: storePath)
        let folder = url.deletingLastPathComponent().path, base = url.lastPathComponent
        var ends: [Int32] = [0, 0]
        guard let hub = FileChangeHub.shared, pipe(&ends) == 0 else { return nil }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (reader, writer) = (ends[0], ends[1])
        let end = writer
        guard let registration = hub.watch(folder: folder, names: [base, base + "-wal", base + "-journal"], notify: {
            var c = UInt8(ascii: "c")
            _ = write(end, &c, 1)
        }) else {
            close(reader); close(writer)
            return nil
        }
        self.registration = registration
        #else
        return nil
        #endif
    }

    deinit {
        // Forgotten first: the hub writes to this pipe only while it is registered.
        FileChangeHub.shared?.forget(registration)
        close(reader)
        close(writer)
    }

    /// Blocks until one of the store's files changes, ``interrupt()`` is called, or `timeout` passes.
    /// True when a store file changed (what was signalled so far is consumed).
    func wait(timeout: TimeInterval) -> Bool {
        var fds = [pollfd(fd: reader, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return false }
        var changed = false
        var bytes = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(reader, &bytes, bytes.count)
            guard n > 0 else { break }
            if bytes[0..<n].contains(UInt8(ascii: "c")) { changed = true }
        }
        return changed
    }

    /// Ends a ``wait(timeout:)`` now (from any thread).
    func interrupt() {
        var i = UInt8(ascii: "i")
        _ = write(writer, &i, 1)
    }
}

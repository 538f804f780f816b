import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a waiting thread when a file of the store changes (Linux inotify on its folder, so a WAL file that is
/// created, truncated or removed later is still seen). A commit by any process appends to `<store>-wal`; a
/// checkpoint writes `<store>`. Waiting blocks the calling thread: it belongs on a thread of its own.
final class FileChangeSignal: @unchecked Sendable {
    private let inotify: Int32
    /// A pipe: ``interrupt()`` writes to its end, ``wait(timeout:)`` watches the other.
    private let wakeup: Int32
    private let wakeupWriter: Int32
    private let names: Set<String>

    /// nil when the system cannot watch the folder (no inotify, or its limits reached): callers poll instead.
    init?(storePath: String) {
        #if os(Linux)
        let url = URL(fileURLWithPath: storePath)
        let folder = url.deletingLastPathComponent().path, base = url.lastPathComponent
        names = [base, base + "-wal", base + "-journal"]
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
        guard inotify_add_watch(inotify, folder, mask) >= 0 else { close(inotify); return nil }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { close(inotify); return nil }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (wakeup, wakeupWriter) = (ends[0], ends[1])
        #else
        return nil
        #endif
    }

    deinit {
        close(inotify)
        close(wakeup)
        close(wakeupWriter)
    }

    /// Blocks until one of the store's files changes, ``interrupt()`` is called, or `timeout` passes.
    /// True when a store file changed (events so far are consumed).
    func wait(timeout: TimeInterval) -> Bool {
        var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeup, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 2, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return false }
        if fds[1].revents != 0 { var bytes = [UInt8](repeating: 0, count: 64); _ = read(wakeup, &bytes, 64) }
        return fds[0].revents != 0 && drain()
    }

    /// Ends a ``wait(timeout:)`` now (from any thread).
    func interrupt() {
        var one: UInt8 = 1
        _ = write(wakeupWriter, &one, 1)
    }

    /// Reads every queued event; true when one names a store file.
    private func drain() -> Bool {
        var touched = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(inotify, buffer, size)
            guard n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if event.len > 0 {
                    let name = String(cString: buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self))
                    if names.contains(name) { touched = true }
                }
                offset = nameStart + Int(event.len)
            }
        }
        return touched
    }
}

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The process's one inotify instance: a thread reads its events and tells each registered signal whose folder and
/// file names they concern.
final class FileChangeHub: Sendable {
    /// nil when inotify cannot be had (not Linux, or the user's instances are used up).
    static let shared: FileChangeHub? = FileChangeHub()

    struct Registration: Sendable {
        let descriptor: Int32
        let id: Int
    }

    private struct Watcher {
        var names: Set<String>
        var notify: @Sendable () -> Void
    }

    private struct State {
        var nextID = 0
        var watchers: [Int32: [Int: Watcher]] = [:]
    }

    private let inotify: Int32
    private let state = Mutex(State())

    private init?() {
        #if os(Linux)
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { return nil }
        let thread = Thread { [self] in self.run() }
        thread.name = "loket.inotify"
        thread.start()
        #else
        return nil
        #endif
    }

    /// Watches `folder` for changes to the files `names`; `notify` is called on the hub's thread, under its lock (it
    /// must not block: a write to a non-blocking pipe).
    func watch(folder: String, names: Set<String>, notify: @escaping @Sendable () -> Void) -> Registration? {
        #if os(Linux)
        state.withLock { state in
            let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
            let descriptor = inotify_add_watch(inotify, folder, mask)
            guard descriptor >= 0 else { return nil }
            state.nextID += 1
            state.watchers[descriptor, default: [:]][state.nextID] = Watcher(names: names, notify: notify)
            return Registration(descriptor: descriptor, id: state.nextID)
        }
        #else
        return nil
        #endif
    }

    /// Stops telling `registration`; the folder's watch goes when its last signal does.
    func forget(_ registration: Registration) {
        #if os(Linux)
        state.withLock { state in
            state.watchers[registration.descriptor]?[registration.id] = nil
            if state.watchers[registration.descriptor]?.isEmpty == true {
                state.watchers[registration.descriptor] = nil
                _ = inotify_rm_watch(inotify, registration.descriptor)
            }
        }
        #endif
    }

    /// Reads events for the life of the process.
    private func run() {
        #if os(Linux)
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        while true {
            let n = read(inotify, buffer, size)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            // Told under the lock, so a signal that has been forgotten (and closed its pipe) is never written to.
            state.withLock { state in
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    if event.len > 0, let watchers = state.watchers[event.wd] {
                        let name = String(cString: buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self))
                        for w in watchers.values where w.names.contains(name) { w.notify() }
                    }
                    offset = nameStart + Int(event.len)
                }
            }
        }
        #endif
    }
}

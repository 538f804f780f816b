import CNcurses
import Foundation

/// A thread that sleeps in `poll(2)` on the terminal and a self-pipe, and says when there is something to
/// read (a key, a resize, a stop signal). The console's loop does all reading and drawing on its own
/// thread; this one never touches ncurses.
final class InputWatcher: @unchecked Sendable {
    let wakeRead: Int32
    let wakeWrite: Int32
    private let consumed = DispatchSemaphore(value: 0)
    private var thread: Thread?

    init() {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        wakeRead = fds[0]; wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
    }

    /// Starts watching; `ready` is called on the watcher thread each time input is waiting. The watcher then
    /// waits for ``inputConsumed()`` before polling again.
    func start(ready: @escaping @Sendable () -> Void) {
        let t = Thread { [self] in
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            while !Thread.current.isCancelled {
                let n = poll(&fds, 2, 1000)
                if n <= 0 { continue }
                if fds[1].revents != 0 {
                    var buf = [UInt8](repeating: 0, count: 64)
                    while read(wakeRead, &buf, 64) > 0 {}
                }
                ready()
                _ = consumed.wait(timeout: .now() + 1)
            }
        }
        t.name = "loket.input"
        thread = t
        t.start()
    }

    func inputConsumed() { consumed.signal() }

    func stop() {
        thread?.cancel()
        var b: UInt8 = 0
        _ = write(wakeWrite, &b, 1)
        consumed.signal()
    }
}

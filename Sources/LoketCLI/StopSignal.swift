import Foundation

/// SIGINT and SIGTERM turned into an event to wait for. The handler is installed when this is made, so a
/// signal that arrives before anyone waits is neither lost nor fatal.
///
/// A real handler writes a byte to a pipe (the self-pipe trick); a thread blocked on the read end wakes the
/// waiter. Unlike a dispatch signal source over an ignored signal, this does not depend on which thread the
/// kernel picks for the signal or on that thread's signal mask (a Ctrl-C was lost that way under load).
final class StopSignal: Sendable {
    private let readFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        } else {
            fds = [-1, -1]
        }
        readFD = fds[0]
        stopSignalWriteFD = fds[1]
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = stopSignalHandler
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }

    /// Returns at the first SIGINT or SIGTERM (at once if one came already).
    func wait() async {
        let fd = readFD
        guard fd >= 0 else { return }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var byte: UInt8 = 0
                while read(fd, &byte, 1) < 0 && errno == EINTR {}
                done.resume()
            }
        }
    }
}

/// Where the handler writes; set once, before the handler is installed.
nonisolated(unsafe) private var stopSignalWriteFD: Int32 = -1

/// Async-signal-safe: one write to the pipe.
private func stopSignalHandler(_ sig: Int32) {
    var b: UInt8 = 1
    if stopSignalWriteFD >= 0 { _ = write(stopSignalWriteFD, &b, 1) }
}

import CNcurses
import Foundation

/// Restores the terminal whatever happens: on a crash (Swift traps end in SIGILL/SIGTRAP/SIGABRT, plus
/// SIGSEGV, SIGBUS, SIGFPE) a signal handler writes precomputed reset bytes, restores the saved termios and
/// re-raises; SIGINT, SIGTERM and SIGHUP only set a flag (and wake the input thread) for a clean shutdown.
/// An agent's SSH session is never left in raw mode on the alternate screen.
public enum TerminalGuard {
    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var haveTermios = false
    nonisolated(unsafe) static var resetBytes: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?2004l\u{1B}[?1049l\r\n".utf8)
    nonisolated(unsafe) static var wakeFD: Int32 = -1
    nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
    nonisolated(unsafe) static var resized: sig_atomic_t = 0
    /// Set once the terminal was ended cleanly: the exit hook then writes nothing more.
    nonisolated(unsafe) static var restored: sig_atomic_t = 0

    /// True once SIGINT, SIGTERM or SIGHUP arrived.
    public static var shouldStop: Bool { stopRequested != 0 }

    /// Takes (and clears) the "terminal was resized" flag.
    public static func takeResize() -> Bool {
        if resized != 0 { resized = 0; return true }
        return false
    }

    /// Saves the terminal state; call before `initscr`.
    static func save() {
        if tcgetattr(STDIN_FILENO, &savedTermios) == 0 { haveTermios = true }
    }

    /// Sets the bytes written on a crash from terminfo (sgr0, cnorm, rmcup), after `initscr`.
    static func captureResetSequence() {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmcup"] { bytes += Array((capability(cap) ?? "").utf8) }
        if !bytes.isEmpty { resetBytes = bytes + Array("\u{1B}[?2004l\r\n".utf8) }
    }

    /// Leaving and re-entering the alternate screen (terminfo's rmcup then smcup), or nothing without one.
    static var alternateScreenCycle: String {
        guard let leave = capability("rmcup"), let enter = capability("smcup") else { return "" }
        return leave + enter
    }

    static func capability(_ name: String) -> String? {
        guard let p = tigetstr(name), Int(bitPattern: p) != -1, Int(bitPattern: p) != 0 else { return nil }
        return String(cString: p)
    }

    /// Installs the handlers; `wake` is the write end of the input thread's self-pipe.
    static func install(wake: Int32) {
        wakeFD = wake
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            action.sa_flags = Int32(bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND))
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = stopHandler
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        var winch = sigaction()
        winch.__sigaction_handler.sa_handler = resizeHandler
        sigemptyset(&winch.sa_mask)
        sigaction(SIGWINCH, &winch, nil)
    }

    /// Restores the saved termios and writes the reset bytes (async-signal-safe: only write and tcsetattr).
    static func restoreRaw() {
        resetBytes.withUnsafeBufferPointer { b in _ = write(STDOUT_FILENO, b.baseAddress, b.count) }
        if haveTermios { tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
    }
}

private func crashHandler(_ sig: Int32) {
    TerminalGuard.restoreRaw()
    raise(sig)
}

private func stopHandler(_ sig: Int32) {
    TerminalGuard.stopRequested = 1
    var b: UInt8 = 1
    if TerminalGuard.wakeFD >= 0 { _ = write(TerminalGuard.wakeFD, &b, 1) }
}

private func resizeHandler(_ sig: Int32) {
    TerminalGuard.resized = 1
    var b: UInt8 = 2
    if TerminalGuard.wakeFD >= 0 { _ = write(TerminalGuard.wakeFD, &b, 1) }
}

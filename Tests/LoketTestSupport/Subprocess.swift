public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), found at run time: Swift's Glibc module does not export it.
private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

/// A child process started with `posix_spawn` and reaped by `waitpid` on its own pid, on its own thread.
///
/// Tests use this instead of Foundation's `Process`: with many children starting and ending at once,
/// `Process` on Linux can miss a child's exit and spin in `waitUntilExit` forever (seen in CI: a
/// `tmux` client left a zombie and the whole suite hung). Here nothing is shared between children,
/// stdout and stderr are drained by their own threads (no pipe-buffer deadlock), and no waiting ever
/// happens on the Swift concurrency pool.
public final class Subprocess: @unchecked Sendable {
    public let pid: pid_t
    private let condition = NSCondition()
    private var out = Data()
    private var err = Data()
    private var openStreams = 2
    private var exitStatus: Int32?

    /// Starts `executable arguments…` with stdin from /dev/null and stdout/stderr captured.
    /// `environment` nil inherits this process's environment.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: String? = nil) throws {
        // One spawn at a time: a pipe is close-on-exec before any other child can be started and inherit it.
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw SubprocessError.spawn(errno) }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Nothing else of this process reaches the child: a server socket a child inherited would stay open (its
        // client never sees the close) for as long as the child lives.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        // The child starts with default signal handling and nothing blocked, whatever this process set up.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        // `env -C` changes directory (glibc's addchdir_np is not visible to Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var child: pid_t = 0
        let rc = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw SubprocessError.spawn(rc)
        }
        pid = child
        drain(outPipe[0], stdout: true)
        drain(errPipe[0], stdout: false)
        let waiter = Thread { [self, pid] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // Shell convention: the exit code, or 128 + the signal that killed it.
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            condition.withLock { exitStatus = code; condition.broadcast() }
        }
        waiter.start()
    }

    private static let spawning = NSLock()
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private func drain(_ fd: Int32, stdout: Bool) {
        let reader = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n > 0 {
                    condition.withLock {
                        if stdout { out.append(contentsOf: chunk[0..<n]) } else { err.append(contentsOf: chunk[0..<n]) }
                    }
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            condition.withLock { openStreams -= 1; condition.broadcast() }
        }
        reader.start()
    }

    public var stdout: String { condition.withLock { String(decoding: out, as: UTF8.self) } }
    public var stderr: String { condition.withLock { String(decoding: err, as: UTF8.self) } }
    public var isRunning: Bool { condition.withLock { exitStatus == nil } }
    /// The exit code (128 + signal when killed by one); nil while running.
    public var status: Int32? { condition.withLock { exitStatus } }

    public func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Blocks until the child has exited and its output is read (a grandchild holding the pipes open
    /// is given `outputGrace` seconds). For synchronous callers; async code uses `waitForExit`.
    @discardableResult
    public func waitUntilExit(outputGrace: TimeInterval = 2) -> Int32 {
        condition.lock()
        defer { condition.unlock() }
        while exitStatus == nil { condition.wait() }
        let deadline = Date().addingTimeInterval(outputGrace)
        while openStreams > 0 && condition.wait(until: deadline) {}
        return exitStatus!
    }

    /// Waits up to `seconds` for the child to exit; its status, or nil if it is still running.
    public func waitForExit(seconds: TimeInterval = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        let drained = Date().addingTimeInterval(1)
        while !isRunning && condition.withLock({ openStreams > 0 }) && Date() < drained {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return status
    }

    /// Runs to completion and returns (status, stdout, stderr).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = try Subprocess(executable, arguments, environment: environment, directory: directory)
        let status = p.waitUntilExit()
        return (status, p.stdout, p.stderr)
    }
}

extension Subprocess {
    /// The full path of `tool` on `PATH` (like `which`), or nil.
    public static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

public enum SubprocessError: Error, CustomStringConvertible {
    case spawn(Int32)
    /// A helper process ran but did not do its job.
    case failed(String)
    public var description: String {
        switch self {
        case .spawn(let e): "cannot start the process: \(String(cString: strerror(e)))"
        case .failed(let what): what
        }
    }
}

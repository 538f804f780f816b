import Foundation

/// A private tmux server on its own socket, kept running for as long as this process lives.
///
/// tmux stops its server when the last session ends; a client that connects while it is stopping fails
/// with "server exited unexpectedly" (measured here: 5 of 60 times when one session is killed while another
/// is created). So the server gets a keep-alive session that ends only when this process is gone, and
/// sessions created or killed by concurrent tests never meet a stopping server.
public final class TmuxServer: Sendable {
    public let socket: String
    let tool: String

    public init(socket: String) {
        self.socket = socket
        tool = Subprocess.which("tmux") ?? "/usr/bin/tmux"
        let keepAlive = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done"
        for _ in 0..<5 {
            if (try? run(["new-session", "-d", "-s", "keep-alive", keepAlive]).status) == 0 { break }
            if (try? run(["has-session", "-t", "keep-alive"]).status) == 0 { break }
            usleep(100_000)
        }
    }

    /// Runs a tmux command on this server; returns its exit status and output.
    @discardableResult
    public func run(_ args: [String]) throws -> (status: Int32, stdout: String) {
        let p = try Subprocess(tool, ["-S", socket] + args)
        let status = p.waitUntilExit(outputGrace: 0.5)
        return (status, p.stdout)
    }
}

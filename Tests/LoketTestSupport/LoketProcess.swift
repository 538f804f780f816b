public import Foundation

/// Finds the `loket` executable built next to the test bundle.
public enum LoketBinary {
    public static let path: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("loket").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/loket").path
    }()
}

/// A `loket` child process whose output is collected as it runs (for daemons such as `loket serve`).
public final class LoketProcess: Sendable {
    public let child: Subprocess

    public init(_ args: [String], environment: [String: String], directory: String) throws {
        child = try Subprocess(LoketBinary.path, args, environment: environment, directory: directory)
    }

    public var stderr: String { child.stderr }
    public var stdout: String { child.stdout }
    public var pid: Int32 { child.pid }

    /// Waits until stderr contains `text`, up to `seconds`.
    public func waitFor(_ text: String, seconds: TimeInterval = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !child.isRunning { return await child.waitForExit(seconds: 0) != nil && stderr.contains(text) }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return false
    }

    /// The port printed by `loket serve` ("listening on http://HOST:PORT").
    public func listeningPort(seconds: TimeInterval = 20) async -> Int? {
        guard await waitFor("listening on http://", seconds: seconds) else { return nil }
        let text = stderr
        guard let r = text.range(of: "listening on http://") else { return nil }
        let rest = text[r.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return Int(rest[rest.index(after: colon)...].prefix { $0.isNumber })
    }

    public func kill(_ signal: Int32) { child.kill(signal) }

    /// Waits for the process to exit (up to `seconds`); returns its status, or nil if it is still running.
    public func waitForExit(seconds: TimeInterval = 20) async -> Int32? { await child.waitForExit(seconds: seconds) }
}

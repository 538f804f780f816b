import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `$VISUAL`/`$EDITOR` (else `vi`) on a text in a temporary file, with the terminal handed over, and
/// returns the file's text afterwards (nil when the editor failed or could not start). The editor runs in
/// the console's process group (posix_spawn, not Foundation's Process, which starts a background group
/// that the terminal would stop).
enum ExternalEditor {
    static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loket-draft-\(getpid()).txt").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The editor may carry arguments (`code --wait`): the shell splits it, the path stays one word.
        guard run(["/bin/sh", "-c", editor + " \"$1\"", "sh", path], environment: environment) == 0,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Spawns and waits; the exit status, or nil when it did not start or was killed.
    static func run(_ argv: [String], environment: [String: String]) -> Int32? {
        var args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var env: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (args + env).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], nil, nil, &args, &env) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 { guard errno == EINTR else { return nil } }
        guard status & 0x7f == 0 else { return nil }
        return (status >> 8) & 0xff
    }
}

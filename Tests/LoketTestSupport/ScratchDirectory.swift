import Foundation

/// Fresh directories for tests and benchmarks, all under one root per process
/// (`$TMPDIR/loket-tests-PID`), which is removed when the process exits. A root left by a process that
/// died without exiting (killed by a CI timeout) is removed by the next one, so runs never pile up.
public enum ScratchDirectory {
    private static let root: String = {
        let tmp = FileManager.default.temporaryDirectory.path
        removeStaleRoots(in: tmp)
        let root = tmp + "/loket-tests-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["LOKET_KEEP_TEST_FILES"] == nil {
            atexit { ScratchDirectory.removeOwnRoot() }
        }
        return root
    }()

    /// A new empty directory named `prefix-UUID` under this process's root.
    public static func make(_ prefix: String) -> String {
        let dir = root + "/\(prefix)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private static func removeOwnRoot() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private static func removeStaleRoots(in tmp: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
        for name in names where name.hasPrefix("loket-tests-") {
            guard let pid = pid_t(name.dropFirst("loket-tests-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: tmp + "/" + name) }
        }
    }
}

import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for the tests (issue 16): `initdb` in a temporary folder (as the `postgres` OS
/// user when running as root, since `initdb` refuses root), started on a Unix socket in that folder and on a free
/// 127.0.0.1 port, stopped and removed when the test process exits. A cluster left by a process that died is
/// removed by the next one. One per test process; each test makes its own database. A test that needs PostgreSQL
/// fails (never skips) when it cannot start: the error says why.
public final class PostgresCluster: Sendable {
    /// The cluster's folder (data, socket, log).
    public let folder: String
    /// The socket folder (the cluster's folder).
    public var socketFolder: String { folder }
    public let port: Int
    /// The superuser the tests connect as.
    public let superuser = "postgres"
    let bin: String

    private static let start = Result { try PostgresCluster(durable: false) }
    private static let startDurable = Result { try PostgresCluster(durable: true) }

    /// The process's cluster, started on first use (fsync off: tests need no durability and run faster).
    public static func shared() throws -> PostgresCluster { try start.get() }

    /// A second cluster with PostgreSQL's default durability (fsync and synchronous commit on), for benchmarks.
    public static func sharedDurable() throws -> PostgresCluster { try startDurable.get() }

    /// Where the installed PostgreSQL's programs are (Debian: /usr/lib/postgresql/VERSION/bin).
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let v = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(v)/bin/initdb") else {
            throw ClusterError("PostgreSQL is not installed (no \(root)/*/bin/initdb): apt-get install postgresql")
        }
        return "\(root)/\(v)/bin"
    }

    private init(durable: Bool) throws {
        bin = try Self.binaries()
        Self.removeStale()
        let tmp = FileManager.default.temporaryDirectory.path
        folder = tmp + "/loket-pg-\(getpid())" + (durable ? "-durable" : "")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres") else { throw ClusterError("running as root and there is no postgres OS user to run initdb as") }
            chown(folder, pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        chmod(folder, 0o700)
        var r = try run(bin + "/initdb", ["-D", folder + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        guard r.status == 0 else { throw ClusterError("initdb failed: \(r.err.suffix(400))") }
        let options = "-k \(folder) -p \(port) -c listen_addresses=127.0.0.1 -c max_connections=300"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        r = try run(bin + "/pg_ctl", ["-D", folder + "/data", "-o", options, "-l", folder + "/log", "-w", "-t", "60", "start"])
        guard r.status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? ""
            throw ClusterError("pg_ctl start failed: \(r.err.suffix(300)) \(log.suffix(400))")
        }
        let stop = [bin + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "stop"]
        let asPostgres = geteuid() == 0
        let dir = folder
        let first = Self.atExit.withLock { list in
            list.append {
                _ = try? Self.runBlocking(asPostgres ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] + stop : stop)
                try? FileManager.default.removeItem(atPath: dir)
            }
            return list.count == 1
        }
        if first { atexit { PostgresCluster.atExit.withLock { $0.forEach { $0() } } } }
    }

    private static let atExit = Mutex<[@Sendable () -> Void]>([])

    /// Runs `sql` with psql as the superuser in `database`; its output, or an error with psql's words.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String? = nil) throws -> String {
        let r = try run(bin + "/psql", ["-h", folder, "-p", String(port), "-U", user ?? superuser, "-d", database, "-v", "ON_ERROR_STOP=1",
                                         "-X", "-q", "-A", "-t", "-c", sql], asPostgres: false)
        guard r.status == 0 else { throw ClusterError("psql: \(r.err.trimmingCharacters(in: .whitespacesAndNewlines))") }
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new empty database with a unique name; its name.
    public func makeDatabase(_ prefix: String = "loket") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Writes the cluster's files out before a measurement: a cluster just made leaves ~28 MB of dirty pages (initdb's,
    /// the new database's) that the kernel writes back 30 s later, and that write-back held every commit's WAL flush
    /// for ~0.4 s in the middle of the 50-agent run. A desk's database has no such backlog. A checkpoint, then `sync`.
    public func settle() throws {
        try psql("CHECKPOINT")
        let r = try Self.runBlocking(["/bin/sync"])
        guard r.status == 0 else { throw ClusterError("sync: \(r.err.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }

    /// A connection URL over TCP (`postgres://USER@127.0.0.1:PORT/DB`).
    public func url(database: String, user: String? = nil) -> String { "postgres://\(user ?? superuser)@127.0.0.1:\(port)/\(database)" }

    private func run(_ exe: String, _ args: [String], asPostgres: Bool = true) throws -> (status: Int32, out: String, err: String) {
        let command = (asPostgres && geteuid() == 0) ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", exe] + args
                                                     : [exe] + args
        return try Self.runBlocking(command)
    }

    /// Runs a command to its end (``Subprocess``: posix_spawn and waitpid, never Foundation's `Process`, which can
    /// lose a child's exit; the server pg_ctl starts keeps no pipe of ours: its output goes to the log).
    static func runBlocking(_ command: [String]) throws -> (status: Int32, out: String, err: String) {
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        let p = try Subprocess(command[0], Array(command.dropFirst()), environment: env, directory: "/tmp")
        let status = p.waitUntilExit()
        return (status, p.stdout, p.stderr)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError("no socket for a free port") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw ClusterError("cannot find a free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Clusters of test processes that no longer run: stopped (their postmaster may still live) and removed.
    static func removeStale() {
        let tmp = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("loket-pg-") {
            guard let pid = name.dropFirst("loket-pg-".count).split(separator: "-").first.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let dir = tmp + "/" + name
            if let text = try? String(contentsOfFile: dir + "/data/postmaster.pid", encoding: .utf8),
               let postmaster = text.split(separator: "\n").first.flatMap({ Int32($0) }) {
                kill(postmaster, SIGQUIT)
            }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}

/// Why the test cluster could not start.
public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}

import Foundation
import Testing
import LoketTestSupport

/// Every command the README shows runs as written: the command-line block in order on
/// the demo's store, the gateway, and the consoles in a real terminal.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct ReadmeCommandsTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The commands of each ```sh block (continuation lines joined), in order.
    static func shellBlocks() throws -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        var pending = ""
        for line in try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n") {
            if line.hasPrefix("```sh") { current = []; continue }
            if line.hasPrefix("```"), let c = current { blocks.append(c); current = nil; continue }
            guard current != nil else { continue }
            if line.hasSuffix("\\") { pending += line.dropLast() + " "; continue }
            current!.append(pending + line)
            pending = ""
        }
        return blocks
    }

    static let templates = """
    {"data": [
      {"name": "service_disruption", "language": "id", "status": "APPROVED", "category": "UTILITY", "id": "1",
       "components": [{"type": "BODY", "text": "Yth. Nasabah, layanan {{1}} di wilayah {{2}} sedang mengalami gangguan. Perkiraan pulih pukul {{3}}."}]},
      {"name": "service_restored", "language": "id", "status": "APPROVED", "category": "UTILITY", "id": "2",
       "components": [{"type": "BODY", "text": "Layanan {{1}} sudah kembali normal."}]}
    ]}
    """

    /// Where the built `loket` is.
    static var bin: String { (LoketBinary.path as NSString).deletingLastPathComponent }

    /// A user's environment in `dir`: the built `loket` on the PATH, no Loket variables, config and data in `dir`.
    static func environment(_ dir: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["LOKET_STORE", "LOKET_CONFIG", "LOKET_AGENT"] { env[key] = nil }
        env["PATH"] = bin + ":/usr/bin:/bin"
        env["XDG_CONFIG_HOME"] = dir + "/config"
        env["XDG_DATA_HOME"] = dir + "/data"
        env["HOME"] = dir
        return env
    }

    @Test func everyCommandInTheReadmeRunsAsWritten() async throws {
        let dir = ScratchDirectory.make("readme")
        let bin = Self.bin
        let env = Self.environment(dir)

        // The demo's store, made by the demo itself.
        let demo = try Subprocess(LoketBinary.path, ["demo", "--no-console"], environment: env, directory: dir)
        let deadline = Date().addingTimeInterval(30)
        while !demo.stdout.contains("Ctrl-C") && Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        demo.kill(SIGINT)
        #expect(await demo.waitForExit(seconds: 30) == 0, "\(demo.stderr)")
        try Self.templates.write(toFile: dir + "/message_templates.json", atomically: true, encoding: .utf8)

        let blocks = try Self.shellBlocks()
        let commandLine = try #require(blocks.first { $0.contains { $0.hasPrefix("loket init") } })
        // The command-line block, in order, in one shell (its export holds for the lines after it).
        var script = "cd '\(dir)'\n"
        var checked: [String] = []
        for (i, line) in commandLine.enumerated() where !line.hasPrefix("swift ") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            script += "\(line)\necho \"__rc \(i) $?\"\n"
            checked.append(line)
        }
        let run = try Subprocess.run("/bin/bash", ["-c", script], environment: env, directory: dir)
        for (i, line) in commandLine.enumerated() where checked.contains(line) {
            #expect(run.out.contains("__rc \(i) 0\n"), "README line failed: \(line)\n\(run.err)")
        }
        #expect(checked.count >= 16)
        #expect(FileManager.default.fileExists(atPath: dir + "/conversation-1.jsonl"))
        #expect(run.out.contains("recipients") || run.out.contains("customers"), "the announcement preview: \(run.out)")

        // The "Running it" block: the gateway starts and stops cleanly; the consoles open on the demo's desk.
        let running = try #require(blocks.first { $0.contains { $0.hasPrefix("loket serve") } })
        var store = env
        store["LOKET_STORE"] = dir + "/loket-demo.db"
        for line in running {
            let command = line.components(separatedBy: "#")[0].trimmingCharacters(in: .whitespaces)
            if command.hasPrefix("loket serve") {
                let serve = try Subprocess("/bin/bash", ["-c", "exec " + command], environment: store, directory: dir)
                let up = Date().addingTimeInterval(20)
                while !serve.stderr.contains("listening on http://") && serve.isRunning && Date() < up {
                    try await Task.sleep(nanoseconds: 50_000_000)
                }
                #expect(serve.stderr.contains("listening on http://"), "\(command): \(serve.stderr)")
                serve.kill(SIGTERM)
                #expect(await serve.waitForExit(seconds: 30) == 0, "\(command): \(serve.stderr)")
            } else {
                try await expectConsole(command, environment: ["PATH": bin + ":/usr/bin:/bin", "LOKET_STORE": dir + "/loket-demo.db",
                                                               "XDG_CONFIG_HOME": dir + "/config"], in: dir)
            }
        }
        // And the way other terminals join the demo, from the prose.
        try await expectConsole("loket console --store loket-demo.db --agent sari",
                                environment: ["PATH": bin + ":/usr/bin:/bin", "XDG_CONFIG_HOME": dir + "/config"], in: dir)
    }

    func expectConsole(_ command: String, environment: [String: String], in dir: String) async throws {
        let t = try TmuxSession(width: 110, height: 24, environment: environment)
        t.send("cd '\(dir)' && \(command); echo exit=$?", enter: true)
        #expect(await t.waitFor("Bank Nusantara", seconds: 20), "\(command):\n\(t.screen)")
        #expect(t.screen.contains("sari"), "\(command):\n\(t.screen)")
        t.send("q")
        #expect(await t.waitFor("exit=0", seconds: 20), "\(command):\n\(t.screen)")
    }
}

/// The README's PostgreSQL block, run as written against the test cluster (its host, `db.internal`, is the cluster's
/// address; PostgreSQL's own tools find it through PGHOST/PGPORT/PGUSER).
@Suite(.enabled(if: TmuxSession.available, "tmux is not installed")) struct ReadmePostgresBlockTests {
    @Test func thePostgresBlockRunsAsWritten() async throws {
        let cluster = try PostgresCluster.shared()
        let block = try #require(try ReadmeCommandsTests.shellBlocks().first { $0.contains { $0.hasPrefix("createuser") } })
        let dir = ScratchDirectory.make("readme-pg")
        var env = ReadmeCommandsTests.environment(dir)
        env["PGHOST"] = cluster.socketFolder
        env["PGPORT"] = String(cluster.port)
        env["PGUSER"] = cluster.superuser
        func local(_ line: String) -> String {
            line.components(separatedBy: "#")[0].replacingOccurrences(of: "@db.internal/", with: "@127.0.0.1:\(cluster.port)/")
                .trimmingCharacters(in: .whitespaces)
        }
        #expect(block.count == 5)
        for line in block {
            let command = local(line)
            if command.hasPrefix("loket console") {
                let t = try TmuxSession(width: 110, height: 24, environment: ["PATH": env["PATH"]!, "XDG_CONFIG_HOME": dir + "/config"])
                t.send("cd '\(dir)' && \(command); echo exit=$?", enter: true)
                #expect(await t.waitFor("My Business", seconds: 20), "\(command):\n\(t.screen)")
                #expect(t.screen.contains("sari"), "\(command):\n\(t.screen)")
                t.send("q")
                #expect(await t.waitFor("exit=0", seconds: 20), "\(command):\n\(t.screen)")
            } else if command.hasPrefix("loket serve") {
                let serve = try Subprocess("/bin/bash", ["-c", "exec " + command + " --port 0"], environment: env, directory: dir)
                let up = Date().addingTimeInterval(20)
                while !serve.stderr.contains("listening on http://") && serve.isRunning && Date() < up {
                    try await Task.sleep(nanoseconds: 50_000_000)
                }
                #expect(serve.stderr.contains("listening on http://"), "\(command): \(serve.stderr)")
                serve.kill(SIGTERM)
                #expect(await serve.waitForExit(seconds: 30) == 0, "\(command): \(serve.stderr)")
            } else {
                let run = try Subprocess.run("/bin/bash", ["-c", command], environment: env, directory: dir)
                #expect(run.status == 0, "README line failed: \(line)\n\(run.err)")
            }
        }
    }
}

import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Operator mistakes the command line must catch.
@Suite struct CLIHardeningTests {
    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o7777
    }

    @Test func onlyInitCreatesAStoreAndItsFilesAreTheOwnersOnly() async throws {
        let h = CLIHarness()
        for args in [["agent", "list"], ["conversations"], ["export"], ["serve", "--port", "0"], ["templates", "list"]] {
            let r = try h.run(args: args)
            #expect(r.status == 65, "\(args): \(r.err)")
            #expect(r.err.contains("no store at"), "\(args): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: h.store), "\(args) created a store")
        }
        let nested = h.dir + "/data/loket/loket.db"
        let r = try h.run("init", "--supervisor", "rudi", env: ["LOKET_STORE": nested])
        #expect(r.status == 0, "\(r.err)")
        #expect(mode(nested) == 0o600 && mode(h.dir + "/data/loket") == 0o700 && mode(h.dir + "/data") == 0o700)
        // The WAL and shared-memory files follow once a command has written.
        #expect(try h.run("agent", "add", "sari", "--name", "Sari", env: ["LOKET_STORE": nested]).status == 0)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: nested + suffix) {
            #expect(mode(nested + suffix) == 0o600, "\(suffix) is \(String(mode(nested + suffix), radix: 8))")
        }
        // A store others can read is reported (once per command, on stderr).
        chmod(nested, 0o644)
        let warned = try h.run("agent", "list", env: ["LOKET_STORE": nested])
        #expect(warned.status == 0 && warned.err.contains("readable by every user") && warned.err.contains("chmod 600"))
    }

    @Test func aStoreFromANewerLoketOrACorruptOneIsBadInputNotTemporary() async throws {
        let h = CLIHarness()
        #expect(try h.run("init", "--supervisor", "rudi").status == 0)
        let sqlite = try Subprocess.run(Subprocess.which("sqlite3") ?? "/usr/bin/sqlite3", [h.store, "INSERT INTO grdb_migrations VALUES ('v99')"])
        #expect(sqlite.status == 0, "\(sqlite.err)")
        let newer = try h.run("agent", "list")
        #expect(newer.status == 65 && newer.err.contains("newer Loket"), "\(newer.err)")
        let corrupt = h.dir + "/corrupt.db"
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: corrupt))
        let bad = try h.run("agent", "list", env: ["LOKET_STORE": corrupt])
        #expect(bad.status == 65 && bad.err.contains("not a usable Loket store"), "\(bad.status) \(bad.err)")
        #expect(bad.err.split(separator: "\n").count == 1)
    }

    @Test func aConfigOthersCanWriteOrThatSendsTheTokenInTheClearIsRefused() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let config = try String(contentsOfFile: h.config, encoding: .utf8)
        chmod(h.config, 0o666)
        let writable = try h.run("agent", "list")
        #expect(writable.status == 65 && writable.err.contains("can be changed by users other than its owner"), "\(writable.err)")
        chmod(h.config, 0o644)
        let clear = config.replacingOccurrences(of: "base_url = \"https://graph.facebook.com/v23.0\"", with: "base_url = \"http://graph.example.com/v23.0\"")
        #expect(clear != config)
        try clear.write(toFile: h.config, atomically: true, encoding: .utf8)
        let refused = try h.run("agent", "list")
        #expect(refused.status == 65 && refused.err.contains("base_url") && refused.err.contains("allow_insecure_base_url"), "\(refused.err)")
        let allowed = clear.replacingOccurrences(of: "[cloud_api]\n", with: "[cloud_api]\nallow_insecure_base_url = true\n")
        try allowed.write(toFile: h.config, atomically: true, encoding: .utf8)
        #expect(try h.run("agent", "list").status == 0)
    }

    @Test func serveSaysWhichConfigItUsesChecksSecretsAndRunsOnce() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let token = "EAAsecret-\(UUID().uuidString)"
        // A token with a trailing CR (a file saved on Windows): refused by name, before anything starts.
        let cr = try h.run("serve", "--port", "0", env: ["LOKET_ACCESS_TOKEN": token + "\r", "LOKET_APP_SECRET": "app-secret-x"])
        #expect(cr.status == 65 && cr.err.contains("$LOKET_ACCESS_TOKEN contains a carriage return"), "\(cr.err)")
        #expect(!cr.err.contains(token) && !cr.out.contains(token))
        let env = ["LOKET_ACCESS_TOKEN": token, "LOKET_APP_SECRET": "app-secret-x", "LOKET_LOG_LEVEL": "trace"]
        let first = try LoketProcess(["serve", "--port", "0"], environment: h.environment(env), directory: h.dir)
        #expect(await first.listeningPort() != nil)
        #expect(first.stderr.contains("configuration: \(h.config)"), "\(first.stderr)")
        // A second gateway on the same store: who holds it, exit 75, and it binds nothing.
        let second = try h.run("serve", "--port", "0", env: env)
        #expect(second.status == 75, "\(second.err)")
        #expect(second.err.contains("another gateway already dispatches") && second.err.contains("pid \(first.pid)"), "\(second.err)")
        #expect(!second.err.contains("listening"))
        first.kill(SIGTERM)
        #expect(await first.waitForExit(seconds: 30) == 0)
        #expect(!first.stderr.contains(token))
    }
}

extension CLIHardeningTests {
    @Test func aStalledClientDoesNotHoldShutdown() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let serve = try LoketProcess(["serve", "--port", "0"], environment: h.environment(["LOKET_APP_SECRET": "app-secret-x"]),
                                     directory: h.dir)
        let port = try #require(await serve.listeningPort())
        let stalled = try RawConnection(port: port)
        stalled.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n{\"entry\": [")
        let silent = try RawConnection(port: port)
        _ = silent
        try await Task.sleep(nanoseconds: 300_000_000)
        let started = Date()
        serve.kill(SIGTERM)
        let status = await serve.waitForExit(seconds: 20)
        #expect(status == 0, "\(serve.stderr)")
        // The body timeout is 10 s; shutdown does not wait for it.
        #expect(Date().timeIntervalSince(started) < 5, "shutdown took \(Date().timeIntervalSince(started)) s")
        let answered = await stalled.statusLine(within: 1)?.contains(" 503") == true
        let closed = await stalled.isClosed(within: 1)
        #expect(answered || closed)
    }

    @Test func aKeysFileNamedOnTheCommandLineMustExist() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let r = try h.run("console", "--agent", "rudi", "--keys", h.dir + "/nope-keys.toml")
        #expect(r.status == 65 && r.err.contains("nope-keys.toml") && r.err.contains("no such file"), "\(r.err)")
    }
}

/// Team rules the command line and the console share.
@Suite struct CLIRulesTests {
    @Test func reopenIsForTheLastAgentOrASupervisorAndChangesNothingWhenRefused() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        #expect(try h.run("resolve", "1", "--by", "sari").status == 0)
        let refused = try h.run("reopen", "1", "--by", "budi")
        #expect(refused.status == 69 && refused.err.contains("only sari or a supervisor"), "\(refused.err)")
        #expect(try await store.conversation(.id(1), for: nil).state == .resolved)
        let ok = try h.run("reopen", "+6281234567890", "--by", "sari")
        #expect(ok.status == 0 && ok.out.contains("reopened") && ok.out.contains("sari"), "\(ok.err)")
        let c = try await store.conversation(.id(1), for: nil)
        #expect(c.state == .open && c.assignee == "sari")
        #expect(try await store.audit(conversation: 1, limit: 1, by: "rudi").first?.action == .reopen)
        #expect(try h.run("reopen", "1", "--by", "sari").status == 69)   // not resolved any more
    }

    @Test func theAuditTrailIsForSupervisorsWhicheverClientAsks() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        await #expect(throws: Refusal.self) { try await store.audit(conversation: nil, limit: 5, by: "sari") }
        await #expect(throws: Refusal.self) { try await store.platformNotices(limit: 5, by: "sari") }
        #expect(try h.run("audit", "--by", "sari").status == 69)
        #expect(try h.run("audit", "--by", "sari", "--notices").status == 69)
        let ok = try h.run("audit", "--by", "rudi")
        #expect(ok.status == 0)
        // Times are local, with their zone, not UTC ISO stamps.
        #expect(!ok.out.contains("T") || !ok.out.contains("Z\n"), "\(ok.out)")
    }

    @Test func agentsAtCapacityCannotClaimMoreButASupervisorCanAssign() async throws {
        let h = CLIHarness()
        _ = try await h.seeded(customers: [("+6281234567890", "Budi", "halo"), ("+6281234567891", "Ani", "halo"), ("+6281234567892", "Citra", "halo")])
        #expect(try h.run("agent", "add", "eko", "--name", "Eko", "--capacity", "1").status == 0)
        #expect(try h.run("assign", "1", "--to", "eko", "--by", "eko").status == 0)
        let full = try h.run("assign", "2", "--to", "eko", "--by", "eko")
        #expect(full.status == 69 && full.err.contains("capacity is 1"), "\(full.err)")
        #expect(try h.run("assign", "2", "--to", "eko", "--by", "rudi").status == 0)
    }
}

/// Labels from the command line (docs/SPEC.md §10).
@Suite struct LabelCLITests {
    @Test func labelsAreSetFilteredAuditedAndUsedByAudiences() async throws {
        let h = CLIHarness()
        let store = try await h.seeded(customers: [("+6281234567890", "Budi", "halo"), ("+6281234567891", "Ani", "halo")])
        let set = try h.run("label", "1", "--add", "VIP", "--add", "kartu", "--by", "sari")
        #expect(set.status == 0 && set.out.contains("kartu, vip"), "\(set.err)")
        #expect(try h.run("label", "1", "--remove", "kartu", "--by", "sari").out.contains(": vip"))
        let filtered = try h.run("conversations", "--label", "vip", "--json").out.jsonArray
        #expect(filtered.count == 1 && (filtered.first?["labels"] as? [String]) == ["vip"])
        let trail = try await store.audit(conversation: 1, limit: 5, by: "rudi").filter { $0.action == .label }
        #expect(trail.map { $0.detail ?? "" } == ["-kartu", "+vip +kartu"] && trail.first?.actor == "sari")
        // Bad input changes nothing.
        let bad = try h.run("label", "1", "--add", "dua kata", "--by", "sari")
        #expect(bad.status == 65 && bad.err.contains("one word"))
        #expect(try h.run("label", "1", "--by", "sari").status == 65)
        #expect(try h.run("conversations", "--label", "no such").status == 65)
        #expect(try h.run("label", "--list").out.contains("vip"))
        #expect(try await store.conversations(state: nil, label: "vip", for: nil).count == 1)
    }
}

/// Canned replies from the command line (docs/SPEC.md §10).
@Suite struct CannedCLITests {
    @Test func initInstallsIndonesianStartersAndSupervisorsManageThem() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let list = try h.run("canned", "list", "--json").out.jsonArray
        #expect(list.count == CannedReplies.starter.count)
        #expect(list.contains { $0["shortcut"] as? String == "salam" && ($0["text"] as? String)?.contains("{{customer.name}}") == true })
        #expect(try h.run("canned", "add", "cek-saldo", "--text", "Saldo Anda bisa dicek di aplikasi, {{customer.name}}", "--by", "rudi").status == 0)
        #expect(try await store.cannedReplies().contains { $0.shortcut == "cek-saldo" })
        // Bad input and agents: refused, nothing changed.
        let spaced = try h.run("canned", "add", "cek saldo", "--text", "x", "--by", "rudi")
        #expect(spaced.status == 65 && spaced.err.contains("one word"))
        let agent = try h.run("canned", "add", "x", "--text", "x", "--by", "sari")
        #expect(agent.status == 69 && agent.err.contains("only a supervisor"))
        // In Bahasa Indonesia when $LANG says so (docs/SPEC.md §11); the exit codes stay.
        let id = ["LANG": "id_ID.UTF-8"]
        let agentID = try h.run("canned", "add", "x", "--text", "x", "--by", "sari", env: id)
        #expect(agentID.status == 69 && agentID.err == "loket: ditolak: hanya supervisor yang boleh mengubah balasan cepat tim\n", "\(agentID.err)")
        let spacedID = try h.run("canned", "add", "cek saldo", "--text", "x", "--by", "rudi", env: id)
        #expect(spacedID.status == 65 && spacedID.err.hasPrefix("loket: pintasan 'cek saldo' harus satu kata"), "\(spacedID.err)")
        #expect(try h.run("canned", "remove", "cek-saldo", "--by", "sari").status == 69)
        #expect(try h.run("canned", "remove", "cek-saldo", "--by", "rudi").status == 0)
        #expect(try h.run("canned", "remove", "cek-saldo", "--by", "rudi").status == 65)
        #expect(try await store.cannedReplies().count == CannedReplies.starter.count)
        // Running init again does not add the starters twice.
        #expect(try h.run("init").status == 0)
        #expect(try await store.cannedReplies().count == CannedReplies.starter.count)
        #expect(CannedReplies.fill("Halo {{customer.name}}, saya {{agent.name}} dari {{business.name}}", customerName: "Budi",
                                   agentName: "Sari", businessName: "Bank Nusantara") == "Halo Budi, saya Sari dari Bank Nusantara")
    }
}

/// The customer's facts from the command line (docs/SPEC.md §10).
@Suite struct CustomerCLITests {
    @Test func customerJSONCarriesTheFactsAndEpisodes() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        #expect(try h.run("reply", "1", "--agent", "sari", "--text", "Baik, kami cek").status == 0)
        #expect(try h.run("resolve", "1", "--by", "sari").status == 0)
        #expect(try h.run("label", "1", "--add", "kartu", "--by", "sari").status == 0)
        // The customer writes again: a second episode, still open.
        try await store.ingest(InboundBatch(messages: [InboundMessage(wamid: "again", from: .phone(try PhoneNumber("+6281234567890")),
                                                                      profileName: "Budi Santoso", timestamp: Date(), kind: .text, body: "Halo lagi")]))
        let r = try h.run("customer", "+6281234567890", "--json")
        #expect(r.status == 0, "\(r.err)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(o["customer"] as? String == "6281234567890" && o["name"] as? String == "Budi Santoso")
        #expect(o["labels"] as? [String] == ["kartu"] && o["opted_in"] as? Bool == true)
        #expect((o["local_time"] as? String)?.hasSuffix("WIB") == true, "\(o["local_time"] ?? "-")")
        #expect(o["market"] is String && o["window_expires_at"] is String)
        let episodes = try #require(o["episodes"] as? [[String: Any]])
        #expect(episodes.count == 2)
        #expect(episodes.first?["resolved_by"] as? String == "sari" && episodes.first?["messages"] as? Int == 2)
        #expect(episodes.last?["resolved_at"] is NSNull && episodes.last?["messages"] as? Int == 1)
        #expect(try h.run("customer", "99").status == 65)
    }
}

/// Pending until a time from the command line (docs/SPEC.md §10).
@Suite struct PendingCLITests {
    @Test func pendingTakesATimeOrADurationAndRefusesThePast() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        let past = try h.run("pending", "1", "--by", "sari", "--until", "2020-01-01 09:00")
        #expect(past.status == 65 && past.err.contains("in the past"), "\(past.err)")
        #expect(try await store.conversation(.id(1), for: nil).state == .open)
        #expect(try h.run("pending", "1", "--by", "sari", "--for", "soon").status == 65)
        let ok = try h.run("pending", "1", "--by", "sari", "--for", "2h")
        #expect(ok.status == 0 && ok.out.contains("pending until") && ok.out.contains("WIB"), "\(ok.out) \(ok.err)")
        #expect(try await store.conversation(.id(1), for: nil).state == .pending)
        let again = try h.run("pending", "1", "--by", "sari", "--until", "besok 09:00")
        // A new time for a pending chat is a change (audited, in the timeline).
        #expect(again.status == 0 && again.out.contains("is pending until"), "\(again.out)")
        #expect(try await store.audit(conversation: 1, limit: 10, by: "rudi").filter { $0.action == .pending }.count == 2)
        #expect(try h.run("pending", "1", "--by", "budi", "--for", "1h").status == 69)
    }
}

/// `loket react` (docs/SPEC.md §9): the console's `+` from the command line.
@Suite struct ReactCLITests {
    @Test func reactsTakesBackAndRefusesBadInputAndOthersChats() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        let ok = try h.run("react", "1", "--agent", "sari", "--message", "wamid.seed0", "--emoji", "👍")
        #expect(ok.status == 0 && ok.out.contains("reacted 👍"), "\(ok.out)\(ok.err)")
        #expect(try await store.messages(in: 1, before: nil, limit: 10).first { $0.wamid == "wamid.seed0" }?.reactions.map(\.emoji) == ["👍"])
        let bad = try h.run("react", "1", "--agent", "sari", "--message", "wamid.seed0", "--emoji", "ok")
        #expect(bad.status == 65 && bad.err.contains("not one emoji"), "\(bad.err)")
        #expect(try h.run("react", "1", "--agent", "sari", "--message", "wamid.nope", "--emoji", "👍").status == 65)
        #expect(try h.run("react", "1", "--agent", "budi", "--message", "wamid.seed0", "--emoji", "❤️").status == 69)
        #expect(try h.run("react", "1", "--agent", "sari", "--message", "wamid.seed0", "--emoji", "").status == 0)
        #expect(try await store.messages(in: 1, before: nil, limit: 10).first { $0.wamid == "wamid.seed0" }?.reactions.isEmpty == true)
    }
}

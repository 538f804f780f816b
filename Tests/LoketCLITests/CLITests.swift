import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore

@Suite struct CLITests {
    @Test func helpListsEveryCommand() throws {
        let r = try CLIHarness().run("--help")
        #expect(r.status == 0)
        for command in ["init", "agent", "conversations", "reply", "note", "assign", "resolve", "templates", "report", "export"] {
            #expect(r.out.contains("  \(command) "), "help lacks \(command)")
        }
    }

    @Test func initWritesAStarterConfigAndTheFirstSupervisor() throws {
        let h = CLIHarness()
        let r = try h.run("init", "--supervisor", "rudi")
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: h.config) && FileManager.default.fileExists(atPath: h.store))
        let agents = try h.run("agent", "list", "--json").out.jsonArray
        #expect(agents.count == 1)
        #expect(agents.first?["login"] as? String == "rudi" && agents.first?["role"] as? String == "supervisor")
        #expect(Set(agents.first.map { Array($0.keys) } ?? []).isSuperset(of: ["login", "name", "role", "capacity", "online"]))
        // Running it again keeps the config and the team.
        let again = try h.run("init")
        #expect(again.status == 0 && again.out.contains("(kept)"))
        #expect(try h.run("agent", "list", "--json").out.jsonArray.count == 1)
    }

    @Test func consoleOnAMissingStoreSaysSoAndCreatesNothing() throws {
        let h = CLIHarness()
        let r = try h.run("console", "--agent", "sari")
        #expect(r.status == 65)
        #expect(r.err == "loket: no store at \(h.store); create one with: loket init --store \(h.store) (or pass --store)\n")
        #expect(!FileManager.default.fileExists(atPath: h.store), "a typo must not leave an empty store behind")
    }

    @Test func badConfigIsOneLineWithFileAndLine() throws {
        let h = CLIHarness()
        _ = try SQLiteStore(path: h.store)   // only `loket init` creates a store; the config is checked on an existing one
        try "[server]\nport = \"x\"\n".write(toFile: h.config, atomically: true, encoding: .utf8)
        let r = try h.run("conversations")
        #expect(r.status == 65)
        #expect(r.err == "loket: \(h.config):2: [server] port: must be a whole number, got string\n")
        let missing = try h.run("conversations", "--config", h.dir + "/nope.toml")
        #expect(missing.status == 65 && missing.err.contains("nope.toml") && missing.err.split(separator: "\n").count == 1)
    }

    @Test func agentsAndRoles() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        #expect(try h.run("agent", "add", "eko", "--name", "Eko Prasetyo", "--capacity", "3").status == 0)
        #expect(try h.run("agent", "add", "eko", "--name", "Eko").status == 69)
        #expect(try h.run("agent", "add", "Eko!", "--name", "Eko").status == 65)
        #expect(try h.run("agent", "add", "x", "--name", "X", "--role", "admin").status == 65)
        let refused = try h.run("agent", "set-role", "eko", "supervisor", "--by", "sari")
        #expect(refused.status == 69 && refused.err.contains("only a supervisor"))
        #expect(try h.run("agent", "set-role", "eko", "supervisor", "--by", "rudi").status == 0)
        let list = try h.run("agent", "list", "--json").out.jsonArray
        #expect(list.first { $0["login"] as? String == "eko" }?["role"] as? String == "supervisor")
        #expect(list.first { $0["login"] as? String == "eko" }?["capacity"] as? Int == 3)
        #expect(try h.run("agent", "list").out.contains("Eko Prasetyo"))
    }

    @Test func conversationsJSONHasTheSpecKeys() async throws {
        let h = CLIHarness()
        _ = try await h.seeded(customers: [("+6281234567890", "Budi Santoso", "Kartu ATM saya tertelan"),
                                           ("+6285612345678", "Ani Wijaya", "Transfer gagal 😡")])
        let r = try h.run("conversations", "--json", "--agent", "sari")
        #expect(r.status == 0, "\(r.err)")
        let list = r.out.jsonArray
        #expect(list.count == 2)
        let budi = try #require(list.first { $0["customer"] as? String == "6281234567890" })
        for key in ["id", "customer", "name", "state", "assignee", "last_inbound_at", "window_expires_at", "last_message", "unread"] {
            #expect(budi.keys.contains(key), "missing \(key)")
        }
        #expect(budi["assignee"] is NSNull && budi["state"] as? String == "waiting" && budi["unread"] as? Int == 1)
        #expect(budi["name"] as? String == "Budi Santoso" && budi["last_message"] as? String == "Kartu ATM saya tertelan")
        #expect((budi["window_expires_at"] as? String)?.hasSuffix("Z") == true)
        #expect(try h.run("conversations", "--state", "open", "--json").out.jsonArray.isEmpty)
        #expect(try h.run("conversations", "--state", "closed").status == 65)
        let table = try h.run("conversations").out
        #expect(table.contains("Ani Wijaya") && table.contains("+6281234567890"))
    }

    @Test func replyNoteAssignResolveFollowTheRules() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        // Waiting: an agent must claim first.
        let early = try h.run("reply", "1", "--agent", "sari", "--text", "Halo")
        #expect(early.status == 69 && early.err.hasPrefix("loket: refused: claim this conversation first"))
        #expect(try h.run("assign", "+62 812-3456-7890", "--to", "sari", "--by", "sari").status == 0)
        #expect(try h.run("assign", "6281234567890", "--to", "sari", "--by", "sari").out.contains("nothing changed"))
        let notYours = try h.run("reply", "1", "--agent", "budi", "--text", "Halo")
        #expect(notYours.status == 69 && notYours.err.contains("sari holds this conversation"))
        let text = "Mohon maaf 🙏 我们 segera bantu"
        let ok = try h.run("reply", "1", "--agent", "sari", "--text", text)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(try h.run("reply", "1", "--agent", "sari", "--text", String(repeating: "a", count: 4097)).status == 65)
        #expect(try h.run("note", "1", "--agent", "budi", "--text", "cek ke cabang dulu").status == 0)
        #expect(try h.run("assign", "1", "--to", "budi", "--by", "budi").status == 69)
        #expect(try h.run("assign", "1", "--to", "budi", "--by", "rudi", "--reason", "shift change").status == 0)
        #expect(try h.run("resolve", "1", "--by", "sari").status == 69)
        #expect(try h.run("resolve", "1", "--by", "budi").status == 0)
        #expect(try h.run("resolve", "99", "--by", "budi").status == 65)
        #expect(try h.run("resolve", "+62 abc", "--by", "budi").status == 65)

        // The reply sits in the outbox byte-exact, queued, not sent.
        // sari held it: her reply gives the customer blue ticks first (docs/SPEC.md §9).
        let due = try await store.takeDue(now: Date(), limit: 10)
        #expect(due.map(\.payload) == [.markRead(wamid: "wamid.seed0"), .text(body: text, replyTo: nil)])
        let lines = try h.run("export", "--conversation", "1").out.jsonLines
        #expect(lines.map { $0["direction"] as? String } == ["in", "system", "out", "note", "system", "system"])
        let reply = try #require(lines.first { $0["direction"] as? String == "out" })
        #expect(reply["body"] as? String == text && reply["status"] as? String == "queued" && reply["agent"] as? String == "sari")
        for key in ["id", "conversation_id", "customer", "direction", "type", "body", "wamid", "status", "error_code", "agent", "created_at"] {
            #expect(reply.keys.contains(key), "export lacks \(key)")
        }
        #expect(reply["customer"] as? String == "6281234567890" && reply["wamid"] is NSNull)
    }

    @Test func replyIsRefusedWhenTheWindowIsClosed() async throws {
        let h = CLIHarness()
        _ = try await h.seeded(wroteAgo: 25 * 3600)
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        let r = try h.run("reply", "1", "--agent", "sari", "--text", "Halo")
        #expect(r.status == 69 && r.err.contains("24h customer service window is closed"))
        #expect(try h.run("export").out.jsonLines.filter { $0["direction"] as? String == "out" }.isEmpty)
    }

    @Test func templatesImportListAndCosts() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let file = h.dir + "/templates.json"
        try """
        {"data": [{"name": "service_disruption", "language": "id", "status": "APPROVED", "category": "UTILITY",
                   "components": [{"type": "BODY", "text": "Gangguan {{1}} di {{2}} hingga {{3}}."}]},
                  {"name": "promo", "language": "id", "status": "REJECTED", "category": "MARKETING", "components": []}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try h.run("templates", "import", file).out.contains("imported 2 templates (1 approved)"))
        let list = try h.run("templates", "list", "--json").out.jsonArray
        #expect(list.map { $0["name"] as? String } == ["promo", "service_disruption"])
        #expect(list.last?["status"] as? String == "APPROVED" && (list.last?["parameters"] as? [String])?.count == 3)
        #expect(try h.run("templates", "list").out.contains("service_disruption"))
        try "{broken".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try h.run("templates", "import", file)
        #expect(bad.status == 65 && bad.err.split(separator: "\n").count == 1)
        #expect(try h.run("templates", "import", h.dir + "/missing.json").status == 65)

        let costs = try h.run("report", "costs", "--json")
        #expect(costs.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(costs.out.utf8)) as? [String: Any])
        #expect(obj["currency"] as? String == "USD" && obj["total"] as? Double == 0 && (obj["by_market"] as? [Any])?.isEmpty == true)
        #expect(try h.run("report", "costs", "--since", "2026-13-45").status == 65)
        #expect(try h.run("report", "costs", "--since", "2026-11-01").out.contains("TOTAL"))
    }
}

@Suite struct AuditCLITests {
    @Test func onlySupervisorsReadTheTrail() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        #expect(try h.run("assign", "1", "--to", "budi", "--by", "rudi", "--reason", "shift change").status == 0)
        let refused = try h.run("audit", "--by", "sari")
        #expect(refused.status == 69 && refused.err.contains("only a supervisor"))
        let list = try h.run("audit", "--by", "rudi", "--json", "--conversation", "1").out.jsonArray
        #expect(list.map { $0["action"] as? String } == ["reassign", "claim"])
        #expect(list.first?["reason"] as? String == "shift change" && list.first?["from"] as? String == "sari")
        #expect(try h.run("audit", "--by", "rudi").out.contains("agent_added"))
    }
}

@Suite struct AnnounceCLITests {
    func setUp() async throws -> (CLIHarness, SQLiteStore) {
        let h = CLIHarness()
        let store = try await h.seeded(customers: [("+6281234567890", "Budi Santoso", "halo"), ("+6285612345678", "Ani", "STOP")])
        try await store.upsertTemplates([MessageTemplate(
            name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
            componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}} di {{2}}."}]"#, parameterFormat: "positional", updatedAt: Date())])
        return (h, store)
    }

    @Test func dryRunShowsThePreviewAndSendsNothing() async throws {
        let (h, store) = try await setUp()
        let r = try h.run("announce", "--template", "service_disruption", "--param", "ATM", "--param", "Jakarta Selatan",
                          "--audience", "all", "--by", "rudi", "--dry-run")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Gangguan ATM di Jakarta Selatan."))
        #expect(r.out.contains("1 recipient, 1 opted out (excluded)"))
        #expect(r.out.contains("eta"))
        #expect(try await store.outboxStats(now: Date()).depth == 1, "only Ani's STOP confirmation")
        let refused = try h.run("announce", "--template", "service_disruption", "--param", "ATM", "--param", "X", "--by", "sari", "--dry-run")
        #expect(refused.status == 69 && refused.err.contains("only a supervisor may send announcements"))
        #expect(try h.run("announce", "--template", "service_disruption", "--param", "ATM", "--by", "rudi", "--dry-run").status == 65)
        #expect(try h.run("announce", "--template", "service_disruption", "--param", "a", "--param", "b", "--audience", "everyone", "--by", "rudi").status == 65)
        // Not a terminal and no --yes: nothing is sent.
        let noYes = try h.run("announce", "--template", "service_disruption", "--param", "a", "--param", "b", "--by", "rudi")
        #expect(noYes.status == 64 && noYes.err.contains("--yes"))
        #expect(try await store.outboxStats(now: Date()).depth == 1)
    }

    @Test func yesQueuesAndFollowsProgressToTheEnd() async throws {
        let (h, store) = try await setUp()
        let p = try h.start(["announce", "--template", "service_disruption", "--param", "ATM", "--param", "Jakarta",
                             "--audience", "all", "--by", "rudi", "--yes"])
        // Play the gateway: take what was queued and record Meta's answers.
        var sent = 0
        let deadline = Date().addingTimeInterval(20)
        while sent == 0 && Date() < deadline {
            for item in try await store.takeDue(now: Date().addingTimeInterval(1), limit: 10) {
                if case .template = item.payload {
                    try await store.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.cli.\(item.id)"), at: Date())
                    sent += 1
                }
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let r = CLIHarness.finish(p)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("announcement #1 queued"))
        #expect(r.out.contains("queued 0  sent 1  delivered 0  read 0  failed 0  of 1"))
        #expect(sent == 1)
    }
}

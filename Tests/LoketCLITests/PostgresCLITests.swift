import Foundation
import LoketDomain
import LoketPostgres
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// `loket` with `--store postgres://…` (docs/SPEC.md §13): setup, identity by database role, several processes
/// racing, and `loket migrate --to` from a SQLite store.
@Suite struct PostgresCLITests {
    /// A fresh database, its address as `user`, and an administrator's store on it.
    static func database() throws -> (cluster: PostgresCluster, name: String) {
        let cluster = try PostgresCluster.shared()
        return (cluster, try cluster.makeDatabase())
    }

    @Test func initAddsRolesAndAnAgentActsOnlyAsTheirOwnRole() async throws {
        let h = CLIHarness()
        let (cluster, db) = try Self.database()
        let admin = cluster.url(database: db)
        let r = try h.run("init", "--store", admin, "--supervisor", "rudi", "--name", "Rudi Hartono")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("store: \(admin) (schema up to date)"))
        #expect(try h.run("agent", "add", "sari", "--name", "Sari Dewi", "--store", admin).status == 0)
        let list = try h.run("agent", "list", "--json", "--store", admin).out
        #expect(list.contains("\"login\":\"sari\"") && list.contains("\"login\":\"rudi\""))
        // Sari's own login role exists and is an agent's.
        #expect(try cluster.psql("SELECT pg_has_role('sari', 'loket_agent', 'MEMBER')::text", database: db) == "true")

        let store = try await PostgresStore(address: PostgresAddress(parsing: admin))
        try await store.ingest(InboundBatch(messages: [InboundMessage(wamid: "wamid.pg1", from: .phone(try PhoneNumber("+6281234567890")),
                                                                      profileName: "Budi", timestamp: Date(), kind: .text, body: "Kartu saya tertelan")]))
        let asSari = cluster.url(database: db, user: "sari")
        // Naming someone else is refused (69) and changes nothing; as herself it works.
        let refused = try h.run("note", "1", "--text", "atas nama rudi", "--agent", "rudi", "--store", asSari)
        #expect(refused.status == 69, "\(refused.err)")
        #expect(try await store.messages(in: 1, before: nil, limit: 10).allSatisfy { $0.direction != .note })
        let ok = try h.run("note", "1", "--text", "Sudah saya cek", "--store", asSari)
        #expect(ok.status == 0, "\(ok.err)")
        let notes = try await store.messages(in: 1, before: nil, limit: 10).filter { $0.direction == .note }
        #expect(notes.map(\.agent) == ["sari"])
        // Only administration adds agents (creating a login role): a supervisor's role on its own cannot.
        let byRudi = try h.run("agent", "add", "joko", "--name", "Joko", "--store", cluster.url(database: db, user: "rudi"))
        #expect(byRudi.status != 0)
        #expect(try await store.agent(login: "joko") == nil)
    }

    @Test func eightProcessesAsEightRolesClaimAtOnceAndExactlyOneWins() async throws {
        let h = CLIHarness()
        let (cluster, db) = try Self.database()
        let admin = cluster.url(database: db)
        #expect(try h.run("init", "--store", admin, "--supervisor", "rudi").status == 0)
        let store = try await PostgresStore(address: PostgresAddress(parsing: admin))
        let logins = (1...8).map { "agen\($0)" }
        for l in logins { try await store.addAgent(login: l, name: l.capitalized, role: .agent, capacity: 5) }
        try await store.ingest(InboundBatch(messages: [InboundMessage(wamid: "wamid.race", from: .phone(try PhoneNumber("+6281234567890")),
                                                                      profileName: "Budi", timestamp: Date(), kind: .text, body: "Halo")]))
        let started = try logins.map { try h.start(["assign", "1", "--to", $0, "--store", cluster.url(database: db, user: $0)]) }
        let results = started.map(CLIHarness.finish)
        let winners = zip(logins, results).filter { $0.1.status == 0 }
        #expect(winners.count == 1, "\(results.map { ($0.status, $0.err) })")
        let winner = try #require(winners.first?.0)
        for r in results where r.status != 0 {
            #expect(r.status == 69 && r.err == "loket: refused: already claimed by \(winner)\n", "\(r.err)")
        }
        #expect(try await store.conversation(.id(1), for: nil).assignee == winner)
        #expect(try await store.audit(conversation: 1, limit: 10, by: "rudi").filter { $0.action == .claim }.count == 1)
    }

    @Test func migrateCopiesASQLiteStoreExactlyAndRefusesANonEmptyTarget() async throws {
        let h = CLIHarness()
        let sqlite = try await h.seeded(customers: [("+6281234567890", "Budi Santoso", "Kartu ATM saya tertelan 🙏"),
                                                    ("+8613800138000", "王伟", "你好，我的卡被吞了")])
        try await sqlite.claim(.id(1), by: "sari")
        _ = try await sqlite.reply(.id(1), by: "sari", text: "Baik Pak, kami bantu", replyTo: nil)
        _ = try await sqlite.setLabels(.id(2), add: ["vip"], remove: [], by: "sari")
        try await sqlite.saveCannedReply(shortcut: "salam", text: "Selamat pagi", by: "rudi")
        let (cluster, db) = try Self.database()
        let target = cluster.url(database: db)
        let r = try h.run("migrate", "--to", target)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("copied \(h.store) into \(target) exactly"), "\(r.out)")
        #expect(r.out.contains("\nmessages "), "\(r.out)")
        // Read back through Loket, the copy is the same store: the same export, the same queue, the same audit trail.
        let fromSQLite = try h.run("export").out
        let fromPostgres = try h.run("export", "--store", target).out
        #expect(!fromSQLite.isEmpty && fromPostgres == fromSQLite)
        #expect(try h.run("conversations", "--store", target).out == h.run("conversations").out)
        let (auditPG, auditSQLite) = (try h.run("audit", "--by", "rudi", "--store", target).out, try h.run("audit", "--by", "rudi").out)
        #expect(auditPG == auditSQLite, "PostgreSQL:\n\(auditPG)\nSQLite:\n\(auditSQLite)")
        // New rows continue after the copied ids, and search works on the copied text.
        let pg = try await PostgresStore(address: PostgresAddress(parsing: target))
        let note = try await pg.note(.id(1), by: "sari", text: "catatan baru")
        #expect(note.id > (try await sqlite.exportMessages(ExportFilter(), after: 0, limit: 100).map(\.message.id).max() ?? 0))
        #expect(try await pg.search("tertelan", limit: 5).count == 1)
        #expect(try await pg.search("卡被", limit: 5).count == 1)
        // A second copy into the same database is refused; nothing changes.
        let again = try h.run("migrate", "--to", target)
        #expect(again.status == 69 && again.err.contains("already holds a Loket store"), "\(again.err)")
    }
}

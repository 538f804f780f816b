import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// Who is who on a SQLite desk (docs/SPEC.md §13): the agent a command acts as is the OS user running `loket`;
/// naming anyone else is refused (69) and changes nothing. Root and the store file's owner may act as anyone.
/// These run `loket` as real unprivileged OS users, which only root can create.
@Suite(.serialized, .enabled(if: geteuid() == 0, "creating OS users and running loket as them needs root"))
struct IdentityCLITests {
    static let users = ["loketdewi", "loketjoko", "loketnobody"]

    static let group = "loketdesk"

    /// The test's OS users, in the team's group (the way a desk on one host shares its store: `[store] group`).
    static func ensureUsers() throws {
        if getgrnam(group) == nil {
            let r = try Subprocess.run("/usr/sbin/groupadd", ["--system", group])
            #expect(r.status == 0 || getgrnam(group) != nil, "groupadd: \(r.err)")
        }
        for u in users {
            let r = getpwnam(u) == nil
                ? try Subprocess.run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups", group, u])
                : try Subprocess.run("/usr/sbin/usermod", ["--append", "--groups", group, u])
            #expect(r.status == 0, "\(u): \(r.err)")
        }
    }

    /// Runs `loket` as `user` (its own uid and gid, no capabilities) in the harness's environment.
    static func run(_ h: CLIHarness, as user: String, _ args: [String], env extra: [String: String] = [:]) throws -> CLIHarness.Result {
        let p = try Subprocess("/usr/bin/setpriv", ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", CLIHarness.binary] + args,
                               environment: h.environment(extra), directory: h.dir)
        return CLIHarness.finish(p)
    }

    /// The store and its folder shared with the team's group, as `[store] group` makes them (the test's users are
    /// not the store's owner).
    static func share(_ h: CLIHarness) throws {
        let gid = getgrnam(group)!.pointee.gr_gid
        chown(h.dir, 0, gid)
        chmod(h.dir, 0o2770)
        for name in try FileManager.default.contentsOfDirectory(atPath: h.dir) where name.hasPrefix("loket.db") {
            chown(h.dir + "/" + name, 0, gid)
            chmod(h.dir + "/" + name, 0o660)
        }
    }

    @Test func anAgentActsAsThemselfAndNamingSomeoneElseChangesNothing() async throws {
        try Self.ensureUsers()
        let h = CLIHarness()
        try "[store]\ngroup = \"\(Self.group)\"\n".write(toFile: h.config, atomically: true, encoding: .utf8)
        let store = try await h.seeded()
        // Administration (root here) adds agents with the OS users they log in as.
        var r = try h.run("agent", "add", "dewi", "--name", "Dewi Lestari", "--os-user", "loketdewi")
        #expect(r.status == 0 && r.out.contains("OS user loketdewi"), "\(r.err)")
        r = try h.run("agent", "add", "joko", "--name", "Joko Widodo", "--role", "supervisor", "--os-user", "loketjoko")
        #expect(r.status == 0, "\(r.err)")
        r = try h.run("agent", "add", "dewi2", "--name", "Dewi Dua", "--os-user", "loketdewi")
        #expect(r.status == 69 && r.err.contains("OS user loketdewi already logs in as agent dewi"), "\(r.err)")
        try Self.share(h)
        let auditBefore = try await store.audit(conversation: nil, limit: 100, by: "rudi").count

        // Naming someone else, by flag or by $LOKET_AGENT: refused with one line, nothing written.
        r = try Self.run(h, as: "loketdewi", ["assign", "1", "--to", "dewi", "--by", "rudi"])
        #expect(r.status == 69 && r.err == "loket: refused: you are dewi (OS user loketdewi); acting as rudi is refused\n", "\(r.status) \(r.err)")
        r = try Self.run(h, as: "loketdewi", ["note", "1", "--text", "saya rudi"], env: ["LOKET_AGENT": "rudi"])
        #expect(r.status == 69, "\(r.err)")
        r = try Self.run(h, as: "loketdewi", ["announce", "--template", "x", "--by", "joko", "--dry-run"])
        #expect(r.status == 69, "\(r.err)")
        #expect(try await store.audit(conversation: nil, limit: 100, by: "rudi").count == auditBefore)
        #expect(try await store.conversation(.id(1), for: nil).assignee == nil)
        #expect(try await store.messages(in: 1, before: nil, limit: 20).allSatisfy { $0.kind != .note })

        // As themself (named or not), it works and the audit trail says who.
        r = try Self.run(h, as: "loketdewi", ["assign", "1", "--to", "dewi"])
        #expect(r.status == 0, "\(r.err)")
        r = try Self.run(h, as: "loketdewi", ["note", "1", "--agent", "dewi", "--text", "dicek"])
        #expect(r.status == 0, "\(r.err)")
        let trail = try await store.audit(conversation: 1, limit: 10, by: "rudi")
        #expect(trail.contains { $0.action == .claim && $0.actor == "dewi" }, "\(trail)")

        // An agent may not add agents; a supervisor may; an OS user who is nobody on the team may do nothing.
        r = try Self.run(h, as: "loketdewi", ["agent", "add", "tono", "--name", "Tono"])
        #expect(r.status == 69 && r.err.contains("only a supervisor may add agents"), "\(r.err)")
        r = try Self.run(h, as: "loketjoko", ["agent", "add", "tono", "--name", "Tono", "--os-user", "lokettono"])
        #expect(r.status == 0, "\(r.err)")
        r = try Self.run(h, as: "loketnobody", ["resolve", "1"])
        #expect(r.status == 69 && r.err.contains("OS user loketnobody is not an agent of this desk"), "\(r.err)")
        #expect(try await store.conversation(.id(1), for: nil).state != .resolved)

        // The store file's owner administers it: they may act as anyone.
        chown(h.store, getpwnam("loketjoko")!.pointee.pw_uid, getpwnam("loketjoko")!.pointee.pw_gid)
        r = try Self.run(h, as: "loketjoko", ["label", "1", "--add", "vip", "--by", "dewi"])
        #expect(r.status == 0, "\(r.err)")
    }
}

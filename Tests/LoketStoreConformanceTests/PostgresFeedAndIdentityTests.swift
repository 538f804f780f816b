import Foundation
import Logging
import LoketDomain
import LoketPostgres
import LoketStore
import LoketTestSupport
import PostgresNIO
import Testing

/// What only PostgreSQL can get wrong: ids that commit out of order, changes heard by LISTEN/NOTIFY, and identity
/// the database enforces whatever client connects (docs/SPEC.md §13).
@Suite struct PostgresFeedAndIdentityTests {
    static let logger = Logger(label: "test.pg")

    /// A raw client on the test cluster, as any program could connect (as `user`).
    static func rawClient(_ cluster: PostgresCluster, database: String, user: String = "postgres") -> (PostgresClient, Task<Void, Never>) {
        let client = PostgresClient(configuration: .init(host: "127.0.0.1", port: cluster.port, username: user, password: nil,
                                                         database: database, tls: .disable), backgroundLogger: logger)
        return (client, Task { await client.run() })
    }

    @Test func twoTransactionsCommittingOutOfIdOrderMissNothing() async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let store = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        let start = try await store.latestChange()
        let (client, running) = Self.rawClient(cluster, database: db)
        defer { running.cancel() }
        // The slow transaction takes the lower id and commits last: a reader between the two commits gets the fast one's
        // row, and from there the slow one's once it commits. Nobody waits, nothing is missed or read twice.
        let between: [Change] = try await client.withConnection { slow in
            try await slow.query("BEGIN", logger: Self.logger)
            try await slow.query("INSERT INTO changes (kind) VALUES ('business')", logger: Self.logger)
            _ = try await client.withConnection { fast in
                try await fast.query("INSERT INTO changes (kind) VALUES ('agent')", logger: Self.logger)
            }
            let began = Date()
            let between = try await store.changes(after: start, limit: 100)
            #expect(Date().timeIntervalSince(began) < 1, "the reader does not wait for the open transaction")
            try await slow.query("COMMIT", logger: Self.logger)
            return between
        }
        #expect(between.map(\.kind) == [.agent], "the committed one only: \(between)")
        let next = try await store.changes(after: try #require(between.last?.position), limit: 100)
        #expect(next.map(\.kind) == [.business], "then the slow one: \(next)")
        let seen = try await store.changes(after: start, limit: 100)
        #expect(seen.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.agent, .business], "both, each once: \(seen)")
        #expect(try await store.changes(after: try #require(seen.last?.position), limit: 100).isEmpty)
        // Pages go on where they stopped.
        let first = try await store.changes(after: start, limit: 1)
        let rest = try await store.changes(after: try #require(first.last?.position), limit: 100)
        #expect((first + rest).map(\.id) == seen.map(\.id))
    }

    /// Eight clients begin, write, commit and roll back in a random order while a reader pages through the feed with
    /// small limits between their steps: every committed change is read exactly once, a transaction's rows together,
    /// and nothing rolled back is read.
    @Test(arguments: [7, 21, 1966])
    func interleavedTransactionsAreEachReadOnceWhateverTheOrder(seed: UInt64) async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let store = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        var position = try await store.latestChange()
        var connections: [PostgresConnection] = []
        for i in 0..<8 {
            connections.append(try await PostgresConnection.connect(
                configuration: .init(host: "127.0.0.1", port: cluster.port, username: "postgres", password: nil, database: db, tls: .disable),
                id: i, logger: Self.logger))
        }
        defer { for c in connections { Task { try? await c.close() } } }
        var rng = SplitMix(seed: seed)
        var open: [Int: [Int64]] = [:]          // connection → the tags its open transaction wrote
        var committed: [[Int64]] = [], read: [Change] = []
        var tag: Int64 = 0
        func insert(_ c: Int) async throws -> Int64 {
            tag += 1
            try await connections[c].query(PostgresQuery(unsafeSQL: "INSERT INTO changes (kind, conversation_id) VALUES ('conversation', \(tag))"), logger: Self.logger)
            return tag
        }
        for _ in 0..<300 {
            let c = Int(rng.next() % 8)
            switch rng.next() % 6 {
            case 0, 1:
                if open[c] == nil { try await connections[c].query("BEGIN", logger: Self.logger); open[c] = [] }
                open[c]!.append(try await insert(c))
            case 2:
                if let tags = open.removeValue(forKey: c) { try await connections[c].query("COMMIT", logger: Self.logger); committed.append(tags) }
            case 3:
                if open.removeValue(forKey: c) != nil { try await connections[c].query("ROLLBACK", logger: Self.logger) }
                else { committed.append([try await insert(c)]) }
            default:
                let page = try await store.changes(after: position, limit: Int(rng.next() % 4) + 1)
                read += page
                if let last = page.last { position = last.position }
            }
        }
        for (c, tags) in open { try await connections[c].query("COMMIT", logger: Self.logger); committed.append(tags) }
        while true {
            let page = try await store.changes(after: position, limit: 3)
            guard let last = page.last else { break }
            read += page; position = last.position
        }
        let tags = read.compactMap(\.conversationID)
        #expect(tags.count == Set(tags).count, "none read twice")
        #expect(Set(tags) == Set(committed.flatMap { $0 }), "every committed change read, nothing rolled back")
        for t in committed where t.count > 1 {
            let at = try #require(tags.firstIndex(of: t[0]))
            #expect(Array(tags[at..<min(at + t.count, tags.count)]) == t, "a transaction's rows together: \(t)")
        }
        #expect(committed.count > 40, "the random walk committed enough to mean something: \(committed.count)")
    }

    @Test func theWatcherHearsAChangeAtCommit() async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let store = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        let writer = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)), migrate: false)
        var feed = store.watchChanges(after: try await store.latestChange(), interval: 60).makeAsyncIterator()
        let (client, running) = Self.rawClient(cluster, database: db)
        defer { running.cancel() }
        try await writer.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 5)
        // Loket's administration and its ordinary writes announce after their commit; any other client at its commit.
        let writes: [(ChangeKind, @Sendable () async throws -> Void)] = [
            (.agent, { try await writer.addAgent(login: "agen1", name: "Agen 1", role: .agent, capacity: 5) }),
            (.canned, { try await writer.saveCannedReply(shortcut: "halo", text: "Halo!", by: "rudi") }),
            (.business, { for try await _ in try await client.query("INSERT INTO changes (kind) VALUES ('business')", logger: Self.logger) {} }),
            (.canned, { try await writer.saveCannedReply(shortcut: "maaf", text: "Mohon maaf.", by: "rudi") }),
        ]
        for (kind, write) in writes {
            let began = Date()
            try await write()
            var got: [Change] = []
            while !got.contains(where: { $0.kind == kind }) {
                guard let batch = await feed.next() else { Issue.record("the feed ended"); return }
                got += batch
            }
            #expect(Date().timeIntervalSince(began) < 5, "\(kind) heard by NOTIFY, not the 60-second safety net")
        }
    }

    /// A new database with a watcher on it (safety net a minute away) collecting what it hears.
    static func watchedDatabase(_ cluster: PostgresCluster) async throws -> (db: String, collected: Collected, watching: Task<Void, any Error>) {
        let db = try cluster.makeDatabase()
        let store = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        let collected = Collected()
        let watching = Task {
            for await batch in store.watchChanges(after: try await store.latestChange(), interval: 60) { await collected.add(batch) }
        }
        return (db, collected, watching)
    }

    /// The watcher's connection dies (a failover, a restart, an idle timeout): changes made while it was away arrive
    /// once it is back, read from where it was: none missed, none twice. Every wait is bounded.
    @Test(.timeLimit(.minutes(1)))
    func theWatcherCatchesUpAfterItsConnectionIsCut() async throws {
        let cluster = try PostgresCluster.shared()
        let (db, collected, watching) = try await Self.watchedDatabase(cluster)
        defer { watching.cancel() }
        let first = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)), migrate: false)
        try await first.addAgent(login: "agen0", name: "Agen 0", role: .agent, capacity: 5)
        #expect(await collected.wait(for: 1, within: 10), "heard before the cut")
        // Cut every other connection to the database (the watcher's among them), then write from a new client.
        let cut = try cluster.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(db)' AND pid <> pg_backend_pid()",
                                   database: db)
        #expect((Int(cut) ?? 0) > 0, "connections were cut: \(cut)")
        let writer = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)), migrate: false)
        for i in 1...3 { try await writer.addAgent(login: "agen\(i)", name: "Agen \(i)", role: .agent, capacity: 5) }
        #expect(await collected.wait(for: 4, within: 10), "the changes made after the cut arrive well before the 60-second safety net")
        let logins = await collected.agentChanges
        #expect(logins == 4, "each once: \(logins)")
    }

    /// Through a stream of commits the watcher stops listening and reads once per gap; when the stream stops it listens
    /// again: every change of the stream arrives once, and a lone change after it is heard by notification (the safety
    /// net is a minute away). Each stream is followed by a pause and a lone change, three times over.
    @Test(.timeLimit(.minutes(2)))
    func theWatcherReadsThroughAStreamAndListensAgainAfterIt() async throws {
        let cluster = try PostgresCluster.shared()
        let (db, collected, watching) = try await Self.watchedDatabase(cluster)
        defer { watching.cancel() }
        let (client, running) = Self.rawClient(cluster, database: db)
        defer { running.cancel() }
        func write(_ tag: Int64) async throws {
            for try await _ in try await client.query("INSERT INTO changes (kind, conversation_id) VALUES ('business', \(tag))", logger: Self.logger) {}
        }
        var written: [Int64] = []
        for round in 0..<3 {
            // A stream: commits back to back, well over one per read gap.
            for i in 0..<60 { let tag = Int64(round * 1000 + i); try await write(tag); written.append(tag) }
            #expect(await collected.wait(forTags: written.count, within: 20), "round \(round): the stream arrived")
            try await Task.sleep(nanoseconds: 300_000_000)
            let lone = Int64(round * 1000 + 999)
            let began = Date()
            try await write(lone); written.append(lone)
            #expect(await collected.wait(forTags: written.count, within: 5), "round \(round): the lone change is heard, not left to the safety net")
            #expect(Date().timeIntervalSince(began) < 5)
        }
        let tags = await collected.changes.compactMap(\.conversationID)
        #expect(tags == written, "each change once, in commit order")
    }

    @Test func anAgentsRoleCannotActAsSomeoneElseWhateverTheClient() async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let admin = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        try await admin.addAgent(login: "rudi", name: "Rudi", role: .supervisor, capacity: 5)
        try await admin.addAgent(login: "sari", name: "Sari", role: .agent, capacity: 5)
        try await admin.addAgent(login: "joko", name: "Joko", role: .supervisor, capacity: 5)
        // Sari's own role, through Loket: claiming to be rudi does not make her one.
        let asSari = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db, user: "sari")), migrate: false)
        await #expect(throws: Refusal("only a supervisor may change roles")) {
            try await asSari.setRole(login: "sari", role: .supervisor, by: "rudi")
        }
        #expect(try await admin.agent(login: "sari")?.role == .agent)
        // Sari's role through any other client: no table takes her writes.
        let (client, running) = Self.rawClient(cluster, database: db, user: "sari")
        defer { running.cancel() }
        for sql in ["INSERT INTO audit (at, action, actor) VALUES (0, 'assign', 'rudi')", "UPDATE agents SET role = 'supervisor' WHERE login = 'sari'",
                    "INSERT INTO canned_replies (shortcut, text, updated_by, updated_at) VALUES ('x', 'y', 'sari', 0)",
                    "INSERT INTO announcements (template_name, language, parameters, audience, created_by, state, created_at) VALUES ('t', 'id', '[]', 'all', 'sari', 'queued', 0)"] {
            await #expect(throws: PSQLError.self, "\(sql)") {
                for try await _ in try await client.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {}
            }
        }
        // A supervisor's role may; the audit trail names the role that connected, not what `by` said.
        let asJoko = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db, user: "joko")), migrate: false)
        try await asJoko.setRole(login: "sari", role: .supervisor, by: "rudi")
        #expect(try await admin.agent(login: "sari")?.role == .supervisor)
        let actor = try cluster.psql("SELECT actor FROM audit WHERE action = 'role_change' ORDER BY id DESC LIMIT 1", database: db)
        #expect(actor == "joko")
    }

    /// The rest of SPEC §13's list, through Loket and through a raw client: an agent's role cannot reassign a chat someone
    /// else holds, write the audit trail or a message in another name, or start an announcement; what is refused changes nothing.
    @Test func anAgentsRoleCannotTakeOthersChatsWriteAsThemOrAnnounce() async throws {
        let cluster = try PostgresCluster.shared()
        let db = try cluster.makeDatabase()
        let admin = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db)))
        try await Fixtures.seedTeam(admin)
        try await admin.ingest(InboundBatch(messages: [Fixtures.inbound("wamid.A", from: "+6281100000001", "halo", at: Date()),
                                                       Fixtures.inbound("wamid.B", from: "+6281100000002", "permisi", at: Date())]))
        let held = ConversationRef.customer(try PhoneNumber("+6281100000001"))
        let waiting = ConversationRef.customer(try PhoneNumber("+6281100000002"))
        try await admin.claim(held, by: "budi")
        try await admin.upsertTemplates([MessageTemplate(name: "gangguan", language: "id", category: .utility, status: "APPROVED",
                                                         componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}}"}]"#,
                                                         parameterFormat: "positional", updatedAt: Date())])
        let asSari = try await PostgresStore(address: PostgresAddress(parsing: cluster.url(database: db, user: "sari")), migrate: false)
        #expect(try await asSari.connectedIdentity() == ActingIdentity.System(user: "sari", mayActAsAnyone: false))
        // Through Loket, naming someone else: the database refuses what the client claims.
        await #expect(throws: Refusal.self) { try await asSari.claim(waiting, by: "rudi") }
        await #expect(throws: Refusal.self) { try await asSari.note(waiting, by: "rudi", text: "ditulis atas nama rudi") }
        await #expect(throws: Refusal.self) {
            try await asSari.startAnnouncement(template: "gangguan", language: nil, parameters: ["ATM"], audience: .all, by: "rudi")
        }
        #expect(try await admin.conversation(waiting, for: nil).assignee == nil)
        #expect(try await admin.activeAnnouncements().isEmpty)
        // A raw client as sari: budi's chat stays budi's.
        let id = try await admin.conversation(held, for: nil).id
        let (client, running) = Self.rawClient(cluster, database: db, user: "sari")
        defer { running.cancel() }
        await #expect(throws: PSQLError.self) {
            for try await _ in try await client.query("UPDATE conversations SET assignee = 'sari' WHERE id = \(id)", logger: Self.logger) {}
        }
        #expect(try await admin.conversation(held, for: nil).assignee == "budi")
        await #expect(throws: PSQLError.self) {
            for try await _ in try await client.query("UPDATE messages SET body = 'diubah' WHERE conversation_id = \(id)", logger: Self.logger) {}
        }
        #expect(try await admin.messages(in: id, before: nil, limit: 10).contains { $0.body == "halo" })
        // Her own actions go through, in her name.
        try await asSari.claim(waiting, by: "sari")
        #expect(try await admin.conversation(waiting, for: nil).assignee == "sari")
        let actor = try cluster.psql("SELECT actor || ' ' || db_user FROM audit WHERE action = 'claim' ORDER BY id DESC LIMIT 1", database: db)
        #expect(actor == "sari sari")
    }
}

/// A small seeded generator (SplitMix64), so a failing walk can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a watcher delivered, for tests that wait for it with a deadline instead of awaiting the stream.
actor Collected {
    private(set) var changes: [Change] = []
    func add(_ batch: [Change]) { changes += batch }
    var agentChanges: Int { changes.filter { $0.kind == .agent }.count }

    /// Whether at least `count` agent changes arrived within `seconds`.
    func wait(for count: Int, within seconds: Double) async -> Bool {
        await wait(within: seconds) { $0.filter { $0.kind == .agent }.count >= count }
    }

    /// Whether at least `count` changes carrying a tag (a conversation id) arrived within `seconds`.
    func wait(forTags count: Int, within seconds: Double) async -> Bool {
        await wait(within: seconds) { $0.filter { $0.conversationID != nil }.count >= count }
    }

    /// Whether what arrived satisfies `arrived` within `seconds` (looked at every 20 ms).
    private func wait(within seconds: Double, until arrived: ([Change]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !arrived(changes), Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        return arrived(changes)
    }
}

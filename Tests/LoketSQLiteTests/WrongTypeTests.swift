import Foundation
import GRDB
import Testing
import LoketDomain
@testable import LoketSQLite
import LoketStore
import LoketTestSupport

/// A value of the wrong type planted in the store file (edited outside Loket) is `StoreUnusable` naming its
/// column, never a trap that prints the row, i.e. customer data, on stderr.
@Suite struct WrongTypeTests {
    static let secret = "Budi rahasia PIN-kuning"  // words a random temp path (UUID) cannot hold
    static let budi = "+6281234567890"

    /// One corrupted column and the store calls that read it.
    struct Case: Sendable, CustomTestStringConvertible {
        var sql: String
        /// What the message must name.
        var column: String
        var reads: [@Sendable (SQLiteStore, TestClock) async throws -> Void]
        var testDescription: String { column }
    }

    static let cases: [Case] = [
        Case(sql: "UPDATE messages SET created_at = ? WHERE id = 1", column: "messages.created_at", reads: [
            { s, _ in _ = try await s.messages(in: 1, before: nil, limit: 50) },
            { s, _ in _ = try await s.exportMessages(ExportFilter(), after: 0, limit: 100) },
            { s, _ in _ = try await s.search("Kartu", limit: 10) },
        ]),
        Case(sql: "UPDATE messages SET error_code = ?1, body = ?1 WHERE id = 1", column: "messages.error_code", reads: [
            { s, _ in _ = try await s.messages(in: 1, before: nil, limit: 50) },
        ]),
        // A text column can only hold a wrong type as a blob (SQLite stores numbers there as text): not UTF-8.
        Case(sql: "UPDATE messages SET body = X'C328', error_title = ? WHERE id = 1", column: "messages.body", reads: [
            { s, _ in _ = try await s.messages(in: 1, before: nil, limit: 50) },
        ]),
        Case(sql: "UPDATE conversations SET waiting_since = ? WHERE id = 1", column: "conversations.waiting_since", reads: [
            { s, _ in _ = try await s.queue(.all, for: "sari", limit: 50) },
            { s, _ in _ = try await s.conversations(state: nil, for: nil) },
            { s, _ in _ = try await s.conversation(.id(1), for: "sari") },
        ]),
        Case(sql: "UPDATE conversations SET last_inbound_at = ? WHERE id = 1", column: "conversations.last_inbound_at", reads: [
            // A write: the rule's facts are read in the transaction, which is rolled back.
            { s, _ in _ = try await s.resolve(.id(1), by: "sari") },
            { s, _ in _ = try await s.reply(.id(1), by: "sari", text: "Baik", replyTo: nil) },
        ]),
        Case(sql: "UPDATE customers SET opted_in = ? WHERE id = 1", column: "customers.opted_in", reads: [
            { s, _ in _ = try await s.queue(.mine, for: "sari", limit: 50) },
            { s, _ in _ = try await s.conversations(state: nil, for: nil) },
        ]),
        Case(sql: "UPDATE customers SET profile_name = X'FF', user_id = ? WHERE id = 1", column: "customers.profile_name", reads: [
            { s, _ in _ = try await s.exportMessages(ExportFilter(), after: 0, limit: 100) },
        ]),
        Case(sql: "UPDATE agents SET capacity = ? WHERE login = 'sari'", column: "agents.capacity", reads: [
            { s, _ in _ = try await s.agents() },
            { s, _ in _ = try await s.agent(login: "sari") },
            { s, _ in _ = try await s.autoAssignWaiting(limit: 5) },
        ]),
        Case(sql: "UPDATE audit SET at = ?", column: "audit.at", reads: [
            { s, _ in _ = try await s.audit(conversation: nil, limit: 10, by: "rudi") },
            { s, _ in _ = try await s.audit(conversation: 1, limit: 10, by: "rudi") },
        ]),
        Case(sql: "UPDATE outbox SET attempts = ?", column: "attempts", reads: [
            { s, c in _ = try await s.takeDue(now: c.now.addingTimeInterval(60), limit: 10, owner: "test") },
        ]),
        Case(sql: "UPDATE presence SET viewing_conversation_id = ?", column: "presence.viewing_conversation_id", reads: [
            { s, _ in _ = try await s.presence() },
        ]),
        Case(sql: "UPDATE gateway SET updated_at = ?", column: "gateway.updated_at", reads: [
            { s, _ in _ = try await s.gatewayState() },
        ]),
        Case(sql: "UPDATE templates SET updated_at = ?", column: "templates.updated_at", reads: [
            { s, _ in _ = try await s.templates() },
        ]),
        Case(sql: "UPDATE changes SET message_id = ?", column: "changes.message_id", reads: [
            { s, _ in _ = try await s.changes(after: .start, limit: 100) },
        ]),
    ]

    /// Rudi, Sari and Budi; two customers who wrote, Sari's claim of the first and her reply (outbox, audit,
    /// change feed), her heartbeat (she is online), the gateway's state and a template.
    func seeded() async throws -> (SQLiteStore, TestClock, String) {
        let clock = TestClock()
        let path = Fixtures.tempPath()
        let s = try await Fixtures.store(clock: clock, path: path)
        try await s.ingest(InboundBatch(messages: [
            Fixtures.inbound("wamid.W1", from: Self.budi, "Kartu ATM saya tertelan", at: clock.now),
            Fixtures.inbound("wamid.W2", from: "+6281234567891", "Halo", at: clock.now, name: "Ani"),
        ]))
        try await s.claim(.id(1), by: "sari")
        _ = try await s.reply(.id(1), by: "sari", text: "Baik, kami bantu", replyTo: nil)
        try await s.heartbeat(agent: "sari", session: "s1", viewing: 1, typing: nil)
        try await s.setGatewayState(GatewayState(mode: .sending, detail: "ok", updatedAt: clock.now))
        try await s.upsertTemplates([
            MessageTemplate(name: "hello", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Halo {{1}}"}]"#, parameterFormat: "positional",
                            updatedAt: clock.now),
        ])
        return (s, clock, path)
    }

    /// Writes `sql` (its one `?` is the secret) through a connection of its own, as the sqlite3 tool would.
    func plant(_ sql: String, in path: String) throws {
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(sql: sql, arguments: sql.contains("?") ? [Self.secret] : [])
            #expect(db.changesCount > 0, "\(sql) changed nothing")
        }
        try other.close()
    }

    /// A state, role, status or change kind Loket does not know is an error naming the column, never read
    /// as some default (an unknown role as an agent, an unknown state as waiting).
    @Test(arguments: [("UPDATE agents SET role = 'boss' WHERE login = 'sari'", "agents.role"),
                      ("UPDATE conversations SET state = 'limbo'", "conversations.state"),
                      ("UPDATE messages SET status = 'teleported'", "status")])
    func anUnknownEnumValueIsAnErrorNotADefault(_ planted: (sql: String, column: String)) async throws {
        let (s, _, path) = try await seeded()
        // The schema's CHECKs stop this; a file edited with them switched off (or by another program) gets past.
        try plant("PRAGMA ignore_check_constraints = ON; " + planted.sql, in: path)
        do {
            _ = try await s.agents()
            let conversations = try await s.queue(.all, for: "sari", limit: 10)
            for c in conversations { _ = try await s.messages(in: c.id, before: nil, limit: 10) }
            Issue.record("\(planted.column): nothing threw")
        } catch let e as StoreUnusable {
            #expect(e.message.contains("unknown value") && e.message.contains(planted.column), "\(e.message)")
        }
    }

    @Test(arguments: cases)
    func aWronglyTypedValueIsUnusableNamingTheColumnNotTheValue(_ c: Case) async throws {
        // Every call works on a store without the planted value (a fresh one: some of them write).
        let (healthy, healthyClock, _) = try await seeded()
        for read in c.reads { try await read(healthy, healthyClock) }
        let (s, clock, path) = try await seeded()
        try plant(c.sql, in: path)
        for (i, read) in c.reads.enumerated() {
            do {
                try await read(s, clock)
                Issue.record("read \(i) of \(c.column) did not throw")
            } catch let e as StoreUnusable {
                #expect(!e.message.contains("rahasia") && !e.message.contains("kuning"), "read \(i): \(e.message)")
                #expect(e.message.contains(c.column), "read \(i): \(e.message)")
                #expect(e.message.contains("wrong type") && e.message.contains(path), "read \(i): \(e.message)")
                #expect(!e.message.contains("\n"))
            } catch {
                Issue.record("read \(i) of \(c.column) threw \(type(of: error)) instead of StoreUnusable")
            }
        }
    }

    @Test func aRefusedWriteChangesNothing() async throws {
        let (s, clock, path) = try await seeded()
        try plant("UPDATE conversations SET last_inbound_at = ? WHERE id = 1", in: path)
        await #expect(throws: StoreUnusable.self) { try await s.resolve(.id(1), by: "sari") }
        try plant("UPDATE conversations SET last_inbound_at = \(clock.now.millis) WHERE id = 1", in: path)
        #expect(try await s.conversation(.id(1), for: "sari").state == .open, "the refused resolve was rolled back")
    }

    @Test func theCheckedDecoderNamesTheColumnByNameOrPosition() throws {
        let db = try DatabaseQueue()
        try db.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT ? AS at, 7 AS n, NULL AS gone", arguments: [Self.secret]))
            #expect(try row.value("n") as Int == 7)
            #expect(try row.value(1) as Int64 == 7)
            #expect(try row.value("gone") as Int64? == nil)
            #expect(try row.value("absent") as String? == nil)
            let attempts: [() throws -> Void] = [
                { _ = try row.value("at") as Int64 }, { _ = try row.value(0) as Int64? }, { _ = try row.value("gone") as Int },
            ]
            for attempt in attempts {
                do {
                    try attempt()
                    Issue.record("decoded a wrongly typed value")
                } catch let e as WrongColumnType {
                    #expect(!"\(e)".contains("rahasia"))
                    #expect(["at", "gone"].contains(e.column))
                }
            }
            #expect(throws: WrongColumnType.self) { _ = try row.value("at") as Bool }
            #expect(throws: WrongColumnType.self) { _ = try row.value("n") as String }
        }
    }

    /// GRDB's scalar fetches (`Int64.fetchOne`, `String.fetchAll`, …) read through SQLite's own conversions, so a
    /// wrongly typed value comes back converted (text → 0, integer → text), never a trap; a NULL where a value
    /// is required throws. The store uses them only for ids, counts and roles.
    @Test func scalarFetchesConvertOrThrowButNeverTrap() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT)")
            try db.execute(sql: "INSERT INTO t VALUES (?, 42), (NULL, NULL)", arguments: [Self.secret])
            #expect(try Int64.fetchOne(db, sql: "SELECT i FROM t WHERE rowid = 1") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT i FROM t WHERE rowid = 1") == 0)
            #expect(try Bool.fetchOne(db, sql: "SELECT i FROM t WHERE rowid = 1") == false)
            #expect(try String.fetchOne(db, sql: "SELECT s FROM t WHERE rowid = 1") == "42")
            #expect(try Int64.fetchOne(db, sql: "SELECT i FROM t WHERE rowid = 2") == nil)
            #expect(try Int64.fetchAll(db, sql: "SELECT i FROM t WHERE rowid = 1") == [0])
            #expect(throws: RowDecodingError.self) { try Int64.fetchAll(db, sql: "SELECT i FROM t ORDER BY rowid") }
            #expect(throws: RowDecodingError.self) { try String.fetchSet(db, sql: "SELECT s FROM t") }
        }
    }
}

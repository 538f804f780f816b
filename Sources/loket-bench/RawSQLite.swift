import Foundation
import GRDBSQLite
import LoketDomain
import LoketStore

/// The baseline: the same rows written with SQLite's C API and nothing else (no rules, no feed triggers).
final class RawSQLite {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, synchronous: String = "FULL") throws {
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw RawError.open(path) }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = \(synchronous);")
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close(db)
    }

    enum RawError: Error { case open(String), sql(String) }

    func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &err) != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "?"
            sqlite3_free(err)
            throw RawError.sql(msg)
        }
    }

    private func statement(_ sql: String) throws -> OpaquePointer {
        if let s = statements[sql] { sqlite3_reset(s); return s }
        var s: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK, let s else {
            throw RawError.sql(String(cString: sqlite3_errmsg(db)))
        }
        statements[sql] = s
        return s
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text or integer values (nil as NULL) and steps once.
    func run(_ sql: String, _ values: [Any?]) throws {
        let s = try statement(sql)
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            switch v {
            case let t as String: sqlite3_bind_text(s, idx, t, -1, Self.transient)
            case let n as Int64: sqlite3_bind_int64(s, idx, n)
            case let n as Int: sqlite3_bind_int64(s, idx, Int64(n))
            default: sqlite3_bind_null(s, idx)
            }
        }
        let rc = sqlite3_step(s)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw RawError.sql(String(cString: sqlite3_errmsg(db))) }
    }

    var lastRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// Times one query run (stepping through every row).
    func query(_ sql: String, _ values: [Any?] = []) throws -> Int {
        let s = try statement(sql)
        for (i, v) in values.enumerated() {
            if let t = v as? String { sqlite3_bind_text(s, Int32(i + 1), t, -1, Self.transient) }
            else if let n = v as? Int { sqlite3_bind_int64(s, Int32(i + 1), Int64(n)) }
        }
        var rows = 0
        while sqlite3_step(s) == SQLITE_ROW { rows += 1 }
        return rows
    }

    static let schema = """
    CREATE TABLE customers (id INTEGER PRIMARY KEY, wa_id TEXT UNIQUE, profile_name TEXT NOT NULL);
    CREATE TABLE conversations (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL UNIQUE, state TEXT NOT NULL,
      assignee TEXT, waiting_since INTEGER, last_message_at INTEGER, last_message_preview TEXT);
    CREATE INDEX conversations_queue ON conversations(state, waiting_since);
    CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, direction TEXT NOT NULL,
      body TEXT NOT NULL, wamid TEXT UNIQUE, status TEXT NOT NULL, agent TEXT, created_at INTEGER NOT NULL);
    CREATE INDEX messages_conversation ON messages(conversation_id, id);
    CREATE VIRTUAL TABLE messages_fts USING fts5(body, content = '', tokenize = 'unicode61 remove_diacritics 2');
    """

    /// Inserts the same rows the store import writes, `perTransaction` conversations at a time.
    func insert(_ conversations: [HistoryImport]) throws {
        try exec("BEGIN")
        for c in conversations {
            guard case .phone(let p) = c.customer else { continue }
            try run("INSERT INTO customers (wa_id, profile_name) VALUES (?, ?)", [p.digits, c.profileName])
            let customer = lastRowID
            try run("INSERT INTO conversations (customer_id, state, assignee) VALUES (?, ?, ?)", [customer, c.state.rawValue, c.assignee])
            let conversation = lastRowID
            var last: (Int64, String)?
            for l in c.lines {
                let at = Int64(l.at.timeIntervalSince1970 * 1000)
                try run("INSERT INTO messages (conversation_id, direction, body, wamid, status, agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [conversation, l.direction.rawValue, l.body, l.wamid, l.status.rawValue, l.agent, at])
                try run("INSERT INTO messages_fts (rowid, body) VALUES (?, ?)", [lastRowID, l.body])
                last = (at, l.body)
            }
            try run("UPDATE conversations SET last_message_at = ?, last_message_preview = ?, waiting_since = ? WHERE id = ?",
                    [last?.0, last?.1, c.state == .waiting ? last?.0 : nil, conversation])
        }
        try exec("COMMIT")
    }
}

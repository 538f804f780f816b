import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    /// Records one delivery's notices: identical ones as one row with a count, then keeps only the newest
    /// ``Schema/platformNoticeCap`` rows, so no webhook can grow the table without bound.
    static func recordNotices(_ db: Database, _ notices: [String], at: Date) throws {
        guard !notices.isEmpty else { return }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for n in notices {
            if counts[n] == nil { order.append(n) }
            counts[n, default: 0] += 1
        }
        for detail in order {
            try db.cachedStatement(sql: "INSERT INTO platform_notices (at, detail, repeats) VALUES (?, ?, ?)")
                .execute(arguments: [at.millis, String(detail.prefix(2_000)), counts[detail] ?? 1])
        }
        try db.cachedStatement(sql: "DELETE FROM platform_notices WHERE id <= (SELECT MAX(id) FROM platform_notices) - ?")
            .execute(arguments: [Schema.platformNoticeCap])
    }

    public func platformNotices(limit: Int, by: String) async throws -> [PlatformNotice] {
        try await read { db in
            try TeamRules.readAudit(by: try Writes.actor(db, login: by))
            return try Row.fetchAll(db, sql: "SELECT at, detail, repeats FROM platform_notices ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { row in
                    try WrongColumnType.inTable("platform_notices") {
                        try PlatformNotice(at: Date(millis: row.value("at")), detail: row.value("detail"), repeats: row.value("repeats"))
                    }
                }
        }
    }
}

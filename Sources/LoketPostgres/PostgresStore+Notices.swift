import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

/// At most this many platform notices are kept (SQLite's `Schema.platformNoticeCap`).
private let keptPlatformNotices = 2_000

extension PostgresStore {
    /// Records one delivery's notices: identical ones as one row with a count, then keeps only the newest
    /// 2,000 rows, so no webhook can grow the table without bound.
    static func recordNotices(_ c: PostgresConnection, _ notices: [String], at: Date, logger: Logger) async throws {
        guard !notices.isEmpty else { return }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for n in notices {
            if counts[n] == nil { order.append(n) }
            counts[n, default: 0] += 1
        }
        for detail in order {
            let text = String(detail.prefix(2_000)), repeats = counts[detail] ?? 1
            try await c.execute("INSERT INTO platform_notices (at, detail, repeats) VALUES (\(at.millis), \(text), \(repeats))", logger: logger)
        }
        try await c.execute("DELETE FROM platform_notices WHERE id <= (SELECT max(id) FROM platform_notices) - \(keptPlatformNotices)",
                            logger: logger)
    }

    public func platformNotices(limit: Int, by: String) async throws -> [PlatformNotice] {
        let logger = self.logger
        return try await read { conn in
            let actor = try await PGWrites.actor(conn, login: by, logger: logger)
            try TeamRules.readAudit(by: actor)
            var out: [PlatformNotice] = []
            for row in try await conn.rows("SELECT at, detail, repeats FROM platform_notices ORDER BY id DESC LIMIT \(limit)", logger: logger) {
                let at: Int64 = try row.value("at"), repeats: Int64 = try row.value("repeats")
                out.append(PlatformNotice(at: Date(millis: at), detail: try row.value("detail"), repeats: Int(repeats)))
            }
            return out
        }
    }
}

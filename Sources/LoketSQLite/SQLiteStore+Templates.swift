public import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    public func upsertTemplates(_ templates: [MessageTemplate]) async throws {
        try await write { db in
            for t in templates {
                try db.execute(sql: """
                    INSERT INTO templates (name, language, category, status, components, parameter_format, updated_at, quality)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name, language) DO UPDATE SET category = excluded.category, status = excluded.status,
                      components = excluded.components, parameter_format = excluded.parameter_format,
                      updated_at = excluded.updated_at, quality = coalesce(excluded.quality, templates.quality)
                    """, arguments: [t.name, t.language, t.category.rawValue, t.status.uppercased(), t.componentsJSON,
                                     t.parameterFormat, t.updatedAt.millis, t.quality])
            }
        }
    }

    public func templates() async throws -> [MessageTemplate] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM templates ORDER BY name, language").map { row in
                try WrongColumnType.inTable("templates") {
                    try MessageTemplate(name: row.value("name"), language: row.value("language"),
                                        category: PricingCategory(rawValue: row.value("category")) ?? .marketing, status: row.value("status"),
                                        componentsJSON: row.value("components"), parameterFormat: row.value("parameter_format"),
                                        updatedAt: Date(millis: row.value("updated_at")), quality: row.value("quality"))
                }
            }
        }
    }

    public func costReport(since: Date?) async throws -> CostReport {
        let currency = self.currency
        let from = since?.millis ?? 0
        return try await read { db in
            // A start on a quarter hour (midnight anywhere, or no start) sums the spend buckets; any other
            // start reads the priced messages themselves.
            let rows = from % Schema.spendBucketMillis == 0
                ? try Row.fetchAll(db, sql: """
                    SELECT market AS price_market, category AS price_category, SUM(messages) AS n, SUM(micros) AS micros
                    FROM spend_buckets WHERE bucket >= ?
                    GROUP BY market, category ORDER BY market, category
                    """, arguments: [from / Schema.spendBucketMillis])
                : try Row.fetchAll(db, sql: """
                    SELECT price_market, price_category, count(*) AS n, SUM(price_micros) AS micros
                    FROM messages WHERE priced_at IS NOT NULL AND priced_at >= ?
                    GROUP BY price_market, price_category ORDER BY price_market, price_category
                    """, arguments: [from])
            let lines = try rows.map { row in
                try CostReport.Line(market: row.value("price_market"),
                                    category: PricingCategory(rawValue: row.value("price_category")) ?? .marketing,
                                    messages: row.value("n"), cost: Money(micros: row.value("micros") ?? 0, currency: currency))
            }
            let total = lines.reduce(Money.zero(currency)) { $0 + $1.cost }
            return CostReport(currency: currency, total: total, lines: lines)
        }
    }
}

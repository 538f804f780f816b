public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    public func upsertTemplates(_ templates: [MessageTemplate]) async throws {
        let logger = self.logger
        try await write { conn in
            for t in templates {
                try await conn.execute("""
                    INSERT INTO templates (name, language, category, status, components, parameter_format, updated_at, quality)
                    VALUES (\(t.name), \(t.language), \(t.category.rawValue), \(t.status.uppercased()), \(t.componentsJSON),
                            \(t.parameterFormat), \(t.updatedAt.millis), \(t.quality))
                    ON CONFLICT (name, language) DO UPDATE SET category = excluded.category, status = excluded.status,
                      components = excluded.components, parameter_format = excluded.parameter_format,
                      updated_at = excluded.updated_at, quality = coalesce(excluded.quality, templates.quality)
                    """, logger: logger)
            }
        }
    }

    public func templates() async throws -> [MessageTemplate] {
        let logger = self.logger
        return try await read { conn in
            try await conn.rows("""
                SELECT name, language, category, status, components, parameter_format, updated_at, quality FROM templates
                ORDER BY name COLLATE "C", language COLLATE "C"
                """, logger: logger).map { row in
                let category: String = try row.value("category")
                return try MessageTemplate(name: row.value("name"), language: row.value("language"),
                                           category: PricingCategory(rawValue: category) ?? .marketing, status: row.value("status"),
                                           componentsJSON: row.value("components"), parameterFormat: row.value("parameter_format"),
                                           updatedAt: Date(millis: row.value("updated_at")), quality: row.value("quality"))
            }
        }
    }

    public func costReport(since: Date?) async throws -> CostReport {
        let currency = self.currency
        let logger = self.logger
        let from = since?.millis ?? 0
        // The spend buckets' width (SQLite's `Schema.spendBucketMillis`): a quarter hour.
        let bucketMillis: Int64 = 15 * 60 * 1000
        return try await read { conn in
            // A start on a quarter hour (midnight anywhere, or no start) sums the spend buckets; any other
            // start reads the priced messages themselves.
            let rows: [PostgresRow]
            if from % bucketMillis == 0 {
                rows = try await conn.rows("""
                    SELECT market AS price_market, category AS price_category, sum(messages)::bigint AS n, sum(micros)::bigint AS micros
                    FROM spend_buckets WHERE bucket >= \(from / bucketMillis)
                    GROUP BY market, category ORDER BY market COLLATE "C", category COLLATE "C"
                    """, logger: logger)
            } else {
                rows = try await conn.rows("""
                    SELECT price_market, price_category, count(*) AS n, sum(price_micros)::bigint AS micros
                    FROM messages WHERE priced_at IS NOT NULL AND priced_at >= \(from)
                    GROUP BY price_market, price_category ORDER BY price_market COLLATE "C", price_category COLLATE "C"
                    """, logger: logger)
            }
            let lines = try rows.map { row in
                let category: String = try row.value("price_category")
                let micros: Int64? = try row.value("micros")
                return try CostReport.Line(market: row.value("price_market"),
                                           category: PricingCategory(rawValue: category) ?? .marketing,
                                           messages: row.value("n"), cost: Money(micros: micros ?? 0, currency: currency))
            }
            let total = lines.reduce(Money.zero(currency)) { $0 + $1.cost }
            return CostReport(currency: currency, total: total, lines: lines)
        }
    }
}

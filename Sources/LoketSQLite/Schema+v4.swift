import GRDB

extension Schema {
    /// Length of a spend bucket: 15 minutes, so every real time zone's midnight (all offsets are whole
    /// quarter hours) starts a bucket and "spend today" is a sum over at most 96 rows.
    static let spendBucketMillis: Int64 = 15 * 60 * 1000

    /// v4: spend per 15-minute bucket, market and category, kept in step with pricing (``SQLiteStore/applyStatus``
    /// is the only place a message is priced, and priced messages are never deleted). Every console's header
    /// shows today's spend and reloads it when messages change; during an announcement that was a scan of
    /// every message priced today, many times a second, in each console.
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE spend_buckets (
              bucket INTEGER NOT NULL,
              market TEXT NOT NULL,
              category TEXT NOT NULL,
              messages INTEGER NOT NULL,
              micros INTEGER NOT NULL,
              PRIMARY KEY (bucket, market, category)
            ) WITHOUT ROWID;
            INSERT INTO spend_buckets (bucket, market, category, messages, micros)
              SELECT priced_at / \(spendBucketMillis), price_market, price_category, count(*), SUM(price_micros)
              FROM messages WHERE priced_at IS NOT NULL
              GROUP BY priced_at / \(spendBucketMillis), price_market, price_category;
            """)
    }
}

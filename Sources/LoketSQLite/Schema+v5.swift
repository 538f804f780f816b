import GRDB

extension Schema {
    /// Platform notices kept: the newest this many (older ones are forgotten).
    static let platformNoticeCap = 2_000
    /// How long a status for a wamid Loket has not recorded is kept (it is for the race between a send's
    /// answer and its first status webhook, which lasts seconds; statuses for messages never sent by Loket
    /// would otherwise pile up for ever).
    static let earlyStatusMillis: Int64 = 24 * 3600 * 1000

    /// v5: hardening.
    /// * `platform_notices`: what Meta reports about the account and templates, and webhook changes Loket does
    ///   not handle, in a table of their own with a cap (one webhook could add 25,000 audit rows); identical
    ///   notices of one delivery are one row with a count. Existing notices move out of the audit trail.
    /// * `early_statuses.received_at`, so they expire.
    /// * `outbox.lease_owner`: a taken entry is leased by one dispatcher until `next_attempt_at`; only an expired
    ///   lease is taken again, so a second gateway can never re-send what a live one has in flight.
    static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE platform_notices (
              id INTEGER PRIMARY KEY,
              at INTEGER NOT NULL,
              detail TEXT NOT NULL,
              repeats INTEGER NOT NULL DEFAULT 1
            );
            INSERT INTO platform_notices (at, detail) SELECT at, COALESCE(detail, '') FROM audit
              WHERE action = 'platform_notice' ORDER BY id;
            DELETE FROM audit WHERE action = 'platform_notice';
            ALTER TABLE early_statuses ADD COLUMN received_at INTEGER;
            UPDATE early_statuses SET received_at = at;
            CREATE INDEX early_statuses_received ON early_statuses(received_at);
            ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
            """)
    }
}

import GRDB

extension Schema {
    /// v2: announcements fan out lazily. Queueing one writes only its recipient list (one row per customer,
    /// in one statement); the dispatcher turns recipients into messages and outbox rows a batch at a time,
    /// just ahead of sending, following a per-announcement cursor. A recipient who opted out in between is
    /// skipped; cancelling skips everyone not yet turned into a message.
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
        ALTER TABLE announcements ADD COLUMN body TEXT;
        ALTER TABLE announcements ADD COLUMN template_category TEXT;
        -- The last customer id turned into a message; NULL once every recipient has been handled.
        ALTER TABLE announcements ADD COLUMN cursor_customer_id INTEGER;
        -- Counters kept with the cursor, so progress never has to scan the recipient list.
        ALTER TABLE announcements ADD COLUMN handled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE announcements ADD COLUMN skipped_opted_out INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE announcements ADD COLUMN cancelled_unsent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE announcements ADD COLUMN cancelled_queued INTEGER NOT NULL DEFAULT 0;
        -- 'opted_out' (opted out after queueing) or 'cancelled' (the announcement was cancelled first).
        ALTER TABLE announcement_recipients ADD COLUMN skipped TEXT;
        """)
    }
}

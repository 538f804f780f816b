import GRDB

extension Schema {
    /// v12: attachments (docs/SPEC.md §9). One row per media message, in and out: Meta's id and hash, the kept
    /// file, and the download's state, attempts and lease (`next_attempt_at` doubles as the lease's end while
    /// a fetcher holds it). Media messages stored before this version get their row from the webhook payload they
    /// kept, due for download (Meta may still have them). The outbox's `kind` check gains `media` (an upload and its send are one job), so the
    /// table is rebuilt as in v11; rows, ids and the index are kept.
    static func v12(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE media (
              message_id INTEGER PRIMARY KEY REFERENCES messages(id),
              kind TEXT NOT NULL,
              media_id TEXT,
              mime_type TEXT,
              size INTEGER,
              sha256 TEXT,
              file_name TEXT,
              file TEXT,
              voice INTEGER NOT NULL DEFAULT 0,
              state TEXT NOT NULL CHECK (state IN ('fetching', 'ready', 'failed', 'expired', 'too_large')),
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER,
              lease_owner TEXT,
              last_error TEXT
            );
            CREATE INDEX media_due ON media(next_attempt_at) WHERE state = 'fetching' AND media_id IS NOT NULL;
            WITH old AS (
              SELECT id, type, created_at, CASE WHEN json_valid(payload) THEN json_extract(payload, '$.' || type) END AS o
              FROM messages WHERE direction = 'in' AND type IN ('image', 'video', 'audio', 'document', 'sticker')
            )
            INSERT INTO media (message_id, kind, media_id, mime_type, sha256, file_name, voice, state, next_attempt_at, last_error)
            SELECT id, type, json_extract(o, '$.id'), json_extract(o, '$.mime_type'), json_extract(o, '$.sha256'),
                   json_extract(o, '$.filename'), COALESCE(json_extract(o, '$.voice'), 0),
                   CASE WHEN json_extract(o, '$.id') IS NULL THEN 'failed' ELSE 'fetching' END, created_at,
                   CASE WHEN json_extract(o, '$.id') IS NULL THEN 'received before Loket kept attachments, with no media id' END
            FROM old;
            CREATE TABLE outbox_v12 (
              id INTEGER PRIMARY KEY,
              message_id INTEGER UNIQUE REFERENCES messages(id),
              customer_id INTEGER NOT NULL REFERENCES customers(id),
              kind TEXT NOT NULL CHECK (kind IN ('text', 'template', 'mark_read', 'reaction', 'media')),
              read_wamid TEXT,
              next_attempt_at INTEGER NOT NULL,
              in_flight_at INTEGER,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              created_at INTEGER NOT NULL,
              lease_owner TEXT,
              reaction_emoji TEXT
            );
            INSERT INTO outbox_v12 SELECT id, message_id, customer_id, kind, read_wamid, next_attempt_at, in_flight_at, attempts,
                                          last_error, created_at, lease_owner, reaction_emoji FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v12 RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox(next_attempt_at, id);
            """)
    }
}

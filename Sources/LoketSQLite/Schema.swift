import GRDB

/// The store's migrations. Times are integer milliseconds since 1970 (UTC).
enum Schema {
    static func v1(_ db: Database) throws {
        try db.execute(sql: """
        CREATE TABLE business (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL,
          display_number TEXT NOT NULL,
          official INTEGER NOT NULL DEFAULT 0,
          quality_rating TEXT NOT NULL DEFAULT 'UNKNOWN',
          phone_number_id TEXT NOT NULL DEFAULT '',
          waba_id TEXT NOT NULL DEFAULT '',
          account_note TEXT,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE gateway (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          mode TEXT NOT NULL,
          detail TEXT NOT NULL DEFAULT '',
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE agents (
          login TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
          capacity INTEGER NOT NULL DEFAULT 5 CHECK (capacity >= 0),
          created_at INTEGER NOT NULL
        );
        CREATE TABLE customers (
          id INTEGER PRIMARY KEY,
          wa_id TEXT UNIQUE,
          user_id TEXT UNIQUE,
          profile_name TEXT NOT NULL DEFAULT '',
          calling_code TEXT,
          country TEXT,
          opted_in INTEGER NOT NULL DEFAULT 0,
          opt_in_at INTEGER,
          opt_in_source TEXT,
          opted_out INTEGER NOT NULL DEFAULT 0,
          opt_out_at INTEGER,
          opt_out_source TEXT,
          created_at INTEGER NOT NULL,
          CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL)
        );
        CREATE INDEX customers_country ON customers(country);
        CREATE TABLE customer_labels (
          customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
          label TEXT NOT NULL,
          PRIMARY KEY (customer_id, label)
        ) WITHOUT ROWID;
        CREATE INDEX customer_labels_label ON customer_labels(label, customer_id);
        CREATE TABLE conversations (
          id INTEGER PRIMARY KEY,
          customer_id INTEGER NOT NULL UNIQUE REFERENCES customers(id),
          state TEXT NOT NULL CHECK (state IN ('waiting', 'open', 'pending', 'resolved')),
          assignee TEXT REFERENCES agents(login),
          last_inbound_at INTEGER,
          waiting_since INTEGER,
          last_message_id INTEGER,
          last_message_at INTEGER,
          last_message_preview TEXT NOT NULL DEFAULT '',
          last_message_direction TEXT,
          inbound_seq INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          resolved_at INTEGER
        );
        CREATE INDEX conversations_queue ON conversations(state, waiting_since);
        CREATE INDEX conversations_assignee ON conversations(assignee, state);
        CREATE INDEX conversations_activity ON conversations(last_message_at);
        CREATE TABLE conversation_reads (
          conversation_id INTEGER NOT NULL REFERENCES conversations(id),
          agent TEXT NOT NULL REFERENCES agents(login),
          read_seq INTEGER NOT NULL,
          PRIMARY KEY (conversation_id, agent)
        ) WITHOUT ROWID;
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          conversation_id INTEGER NOT NULL REFERENCES conversations(id),
          direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note', 'system')),
          type TEXT NOT NULL,
          body TEXT NOT NULL,
          wamid TEXT UNIQUE,
          status TEXT NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
          error_code INTEGER,
          error_title TEXT,
          agent TEXT,
          reply_to TEXT,
          payload TEXT,
          template_name TEXT,
          template_category TEXT,
          announcement_id INTEGER,
          meta_pricing_category TEXT,
          price_market TEXT,
          price_category TEXT,
          price_micros INTEGER,
          priced_at INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_priced ON messages(priced_at) WHERE priced_at IS NOT NULL;
        CREATE INDEX messages_announcement ON messages(announcement_id, status) WHERE announcement_id IS NOT NULL;
        -- Contentless: the indexed text is SearchText.indexable(body), written by the store in the same transaction.
        CREATE VIRTUAL TABLE messages_fts USING fts5(body, content = '', tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          message_id INTEGER UNIQUE REFERENCES messages(id),
          customer_id INTEGER NOT NULL REFERENCES customers(id),
          kind TEXT NOT NULL CHECK (kind IN ('text', 'template', 'mark_read')),
          read_wamid TEXT,
          next_attempt_at INTEGER NOT NULL,
          in_flight_at INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at, id);
        -- Statuses that arrived before the send's answer was recorded; applied when the wamid is known.
        CREATE TABLE early_statuses (
          wamid TEXT NOT NULL,
          status TEXT NOT NULL,
          at INTEGER NOT NULL,
          error_code INTEGER,
          error_title TEXT,
          pricing_category TEXT,
          PRIMARY KEY (wamid, status)
        ) WITHOUT ROWID;
        CREATE TABLE audit (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          action TEXT NOT NULL,
          actor TEXT,
          conversation_id INTEGER,
          from_agent TEXT,
          to_agent TEXT,
          reason TEXT,
          detail TEXT
        );
        CREATE INDEX audit_conversation ON audit(conversation_id, id);
        CREATE TABLE templates (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          language TEXT NOT NULL,
          category TEXT NOT NULL,
          status TEXT NOT NULL,
          components TEXT NOT NULL,
          parameter_format TEXT NOT NULL DEFAULT 'positional',
          updated_at INTEGER NOT NULL,
          UNIQUE (name, language)
        );
        CREATE TABLE announcements (
          id INTEGER PRIMARY KEY,
          template_name TEXT NOT NULL,
          language TEXT NOT NULL,
          parameters TEXT NOT NULL,
          audience TEXT NOT NULL,
          created_by TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'cancelled')),
          recipients INTEGER NOT NULL DEFAULT 0,
          excluded_opted_out INTEGER NOT NULL DEFAULT 0,
          estimated_micros INTEGER,
          created_at INTEGER NOT NULL,
          finished_at INTEGER,
          cancelled_at INTEGER
        );
        CREATE TABLE announcement_recipients (
          announcement_id INTEGER NOT NULL REFERENCES announcements(id),
          customer_id INTEGER NOT NULL REFERENCES customers(id),
          message_id INTEGER REFERENCES messages(id),
          PRIMARY KEY (announcement_id, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE presence (
          agent TEXT PRIMARY KEY REFERENCES agents(login),
          session TEXT NOT NULL,
          online_since INTEGER NOT NULL,
          heartbeat_at INTEGER NOT NULL,
          viewing_conversation_id INTEGER,
          typing_conversation_id INTEGER,
          typing_at INTEGER
        );
        -- The change feed: every write other processes must see leaves a row here (kept by triggers).
        -- Pruning always keeps the newest row, so ids never go back.
        CREATE TABLE changes (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          conversation_id INTEGER,
          message_id INTEGER
        );
        """)
        let feeds: [(table: String, kind: String, conversation: String, message: String, events: [String])] = [
            ("messages", "message", "NEW.conversation_id", "NEW.id", ["INSERT", "UPDATE"]),
            ("conversations", "conversation", "NEW.id", "NULL", ["INSERT", "UPDATE OF state, assignee"]),
            ("agents", "agent", "NULL", "NULL", ["INSERT", "UPDATE"]),
            ("business", "business", "NULL", "NULL", ["INSERT", "UPDATE"]),
            ("gateway", "business", "NULL", "NULL", ["INSERT", "UPDATE"]),
            ("templates", "template", "NULL", "NULL", ["INSERT", "UPDATE"]),
            ("announcements", "announcement", "NULL", "NULL", ["INSERT", "UPDATE"]),
            ("audit", "audit", "NEW.conversation_id", "NULL", ["INSERT"]),
        ]
        for f in feeds {
            for event in f.events {
                try db.execute(sql: """
                CREATE TRIGGER \(f.table)_feed_\(event.split(separator: " ")[0].lowercased()) AFTER \(event) ON \(f.table) BEGIN
                  INSERT INTO changes (kind, conversation_id, message_id) VALUES ('\(f.kind)', \(f.conversation), \(f.message));
                END;
                """)
            }
        }
        // A conversation's summary columns (last message, waiting since, unread count) change with a message,
        // which is in the feed already; its own row is news when its state or holder changes.
        // Presence: heartbeats alone are not news; joining, leaving, viewing and typing are.
        try db.execute(sql: """
        CREATE TRIGGER presence_feed_insert AFTER INSERT ON presence BEGIN
          INSERT INTO changes (kind, conversation_id) VALUES ('presence', NEW.viewing_conversation_id);
        END;
        CREATE TRIGGER presence_feed_delete AFTER DELETE ON presence BEGIN
          INSERT INTO changes (kind, conversation_id) VALUES ('presence', OLD.viewing_conversation_id);
        END;
        CREATE TRIGGER presence_feed_update AFTER UPDATE ON presence
          WHEN OLD.viewing_conversation_id IS NOT NEW.viewing_conversation_id
            OR OLD.typing_conversation_id IS NOT NEW.typing_conversation_id
            OR OLD.session IS NOT NEW.session
        BEGIN
          INSERT INTO changes (kind, conversation_id) VALUES ('presence', COALESCE(NEW.viewing_conversation_id, OLD.viewing_conversation_id));
        END;
        """)
    }
}

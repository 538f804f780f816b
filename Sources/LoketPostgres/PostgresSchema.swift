/// The PostgreSQL store's schema, in versioned steps recorded in `loket_migrations` (GRDB's migrator is the
/// model). Tables and columns are SQLite's (docs/SPEC.md §13: `loket migrate --to` copies one into the other
/// column by column), with PostgreSQL's types: times are `bigint` milliseconds since 1970, flags `boolean`,
/// ids `bigserial`; `messages.search_text` (``SearchText/indexable(_:)`` of the body) carries a pg_trgm index.
///
/// Identity (docs/SPEC.md §13) is the database's: every agent logs in as their own role (named as the login),
/// member of `loket_agent` (and `loket_supervisor`); `loket_admin` members, superusers and the database's owner
/// administer (the gateway, migrations, `loket agent add`). Privileges say which tables each may write; triggers
/// check every row an agent's role writes: the audit trail, messages, presence, reads and drafts in their own
/// name only, a conversation's holder changed only by its holder or a supervisor, announcements and canned
/// replies by supervisors only, roles through ``loket_set_role`` only. Whatever client connects.
enum PostgresSchema {
    /// Each version is a list of statements (the extended query protocol takes one at a time), run in one transaction.
    static let migrations: [(version: Int, statements: [String])] = [(1, v1), (2, v2)]

    /// The search index's pending list (new messages' trigrams, merged into the index when it fills) kept small: merging
    /// PostgreSQL's default 4 MB stopped every writer for about 0.4 s every 40 s at 100 messages/s; 256 kB takes a few
    /// milliseconds every few seconds. Each dispatcher says the rate it sends at (``ThroughputShare``).
    static let v2: [String] = [
        "ALTER INDEX messages_search SET (gin_pending_list_limit = 256)",
        """
        ALTER TABLE dispatchers ADD COLUMN rate bigint NOT NULL DEFAULT 0, ADD COLUMN previous_rate bigint NOT NULL DEFAULT 0,
          ADD COLUMN rate_changed_at bigint NOT NULL DEFAULT 0
        """,
    ]

    /// Tables the change feed hears about by trigger (new messages' rows are written by the store itself, as on
    /// SQLite): table, kind, conversation and message expressions, events.
    static let feeds: [(table: String, kind: String, conversation: String, message: String, events: String)] = [
        ("messages", "message", "NEW.conversation_id", "NEW.id", "UPDATE"),
        ("conversations", "conversation", "NEW.id", "NULL", "INSERT OR UPDATE OF state, assignee"),
        ("agents", "agent", "NULL", "NULL", "INSERT OR UPDATE"),
        ("business", "business", "NULL", "NULL", "INSERT OR UPDATE"),
        ("gateway", "business", "NULL", "NULL", "INSERT OR UPDATE"),
        ("templates", "template", "NULL", "NULL", "INSERT OR UPDATE"),
        ("announcements", "announcement", "NULL", "NULL", "INSERT OR UPDATE"),
        ("audit", "audit", "NEW.conversation_id", "NULL", "INSERT"),
        ("canned_replies", "canned", "NULL", "NULL", "INSERT OR UPDATE OR DELETE"),
    ]

    static let v1: [String] = [
        """
        DO $$ BEGIN
          BEGIN CREATE ROLE loket_agent NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
          BEGIN CREATE ROLE loket_supervisor NOLOGIN IN ROLE loket_agent; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
          BEGIN CREATE ROLE loket_admin NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END $$
        """,
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """
        CREATE TABLE business (
          id integer PRIMARY KEY CHECK (id = 1), name text NOT NULL, display_number text NOT NULL, official boolean NOT NULL DEFAULT false,
          quality_rating text NOT NULL DEFAULT 'UNKNOWN', phone_number_id text NOT NULL DEFAULT '', waba_id text NOT NULL DEFAULT '',
          account_note text, updated_at bigint NOT NULL)
        """,
        """
        CREATE TABLE gateway (id integer PRIMARY KEY CHECK (id = 1), mode text NOT NULL, detail text NOT NULL DEFAULT '', updated_at bigint NOT NULL)
        """,
        """
        CREATE TABLE agents (
          login text PRIMARY KEY, name text NOT NULL, role text NOT NULL CHECK (role IN ('agent', 'supervisor')),
          capacity bigint NOT NULL DEFAULT 5 CHECK (capacity >= 0), created_at bigint NOT NULL, os_user text)
        """,
        "CREATE UNIQUE INDEX agents_os_user ON agents (coalesce(os_user, login))",
        """
        CREATE TABLE customers (
          id bigserial PRIMARY KEY, wa_id text UNIQUE, user_id text UNIQUE, profile_name text NOT NULL DEFAULT '', calling_code text,
          country text, opted_in boolean NOT NULL DEFAULT false, opt_in_at bigint, opt_in_source text,
          opted_out boolean NOT NULL DEFAULT false, opt_out_at bigint, opt_out_source text, created_at bigint NOT NULL, away_sent_at bigint,
          CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL))
        """,
        "CREATE INDEX customers_country ON customers(country)",
        """
        CREATE TABLE customer_labels (
          customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE, label text NOT NULL, PRIMARY KEY (customer_id, label))
        """,
        "CREATE INDEX customer_labels_label ON customer_labels(label, customer_id)",
        """
        CREATE TABLE conversations (
          id bigserial PRIMARY KEY, customer_id bigint NOT NULL UNIQUE REFERENCES customers(id),
          state text NOT NULL CHECK (state IN ('waiting', 'open', 'pending', 'resolved')), assignee text REFERENCES agents(login),
          last_inbound_at bigint, waiting_since bigint, last_message_id bigint, last_message_at bigint,
          last_message_preview text NOT NULL DEFAULT '', last_message_direction text, inbound_seq bigint NOT NULL DEFAULT 0,
          created_at bigint NOT NULL, updated_at bigint NOT NULL, resolved_at bigint, pending_until bigint,
          receipt_seq bigint NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX conversations_queue ON conversations(state, waiting_since)",
        "CREATE INDEX conversations_assignee ON conversations(assignee, state)",
        "CREATE INDEX conversations_activity ON conversations(last_message_at)",
        "CREATE INDEX conversations_pending_until ON conversations(pending_until) WHERE pending_until IS NOT NULL",
        """
        CREATE TABLE conversation_reads (
          conversation_id bigint NOT NULL REFERENCES conversations(id), agent text NOT NULL REFERENCES agents(login),
          read_seq bigint NOT NULL, PRIMARY KEY (conversation_id, agent))
        """,
        """
        CREATE TABLE messages (
          id bigserial PRIMARY KEY, conversation_id bigint NOT NULL REFERENCES conversations(id),
          direction text NOT NULL CHECK (direction IN ('in', 'out', 'note', 'system')), type text NOT NULL, body text NOT NULL,
          wamid text UNIQUE,
          status text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
          error_code bigint, error_title text, agent text, reply_to text, payload text, template_name text, template_category text,
          announcement_id bigint, meta_pricing_category text, price_market text, price_category text, price_micros bigint,
          priced_at bigint, created_at bigint NOT NULL, updated_at bigint NOT NULL, search_text text NOT NULL DEFAULT '')
        """,
        "CREATE INDEX messages_conversation ON messages(conversation_id, id)",
        "CREATE INDEX messages_priced ON messages(priced_at) WHERE priced_at IS NOT NULL",
        "CREATE INDEX messages_announcement ON messages(announcement_id, status) WHERE announcement_id IS NOT NULL",
        "CREATE INDEX messages_search ON messages USING gin (search_text gin_trgm_ops)",
        """
        CREATE TABLE outbox (
          id bigserial PRIMARY KEY, message_id bigint UNIQUE REFERENCES messages(id), customer_id bigint NOT NULL REFERENCES customers(id),
          kind text NOT NULL CHECK (kind IN ('text', 'template', 'mark_read', 'reaction', 'media', 'interactive')),
          read_wamid text, next_attempt_at bigint NOT NULL, in_flight_at bigint, attempts bigint NOT NULL DEFAULT 0, last_error text,
          created_at bigint NOT NULL, lease_owner text, reaction_emoji text, read_typing boolean NOT NULL DEFAULT false)
        """,
        "CREATE INDEX outbox_due ON outbox(next_attempt_at, id)",
        """
        CREATE TABLE early_statuses (
          wamid text NOT NULL, status text NOT NULL, at bigint NOT NULL, error_code bigint, error_title text, pricing_category text,
          received_at bigint, pricing_billable boolean, pricing_type text, PRIMARY KEY (wamid, status))
        """,
        "CREATE INDEX early_statuses_received ON early_statuses(received_at)",
        """
        CREATE TABLE audit (
          id bigserial PRIMARY KEY, at bigint NOT NULL, action text NOT NULL, actor text, conversation_id bigint, from_agent text,
          to_agent text, reason text, detail text, db_user text NOT NULL DEFAULT session_user)
        """,
        "CREATE INDEX audit_conversation ON audit(conversation_id, id)",
        """
        CREATE TABLE templates (
          id bigserial PRIMARY KEY, name text NOT NULL, language text NOT NULL, category text NOT NULL, status text NOT NULL,
          components text NOT NULL, parameter_format text NOT NULL DEFAULT 'positional', updated_at bigint NOT NULL, quality text,
          UNIQUE (name, language))
        """,
        """
        CREATE TABLE announcements (
          id bigserial PRIMARY KEY, template_name text NOT NULL, language text NOT NULL, parameters text NOT NULL, audience text NOT NULL,
          created_by text NOT NULL, state text NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'cancelled')),
          recipients bigint NOT NULL DEFAULT 0, excluded_opted_out bigint NOT NULL DEFAULT 0, estimated_micros bigint,
          created_at bigint NOT NULL, finished_at bigint, cancelled_at bigint, body text, template_category text,
          cursor_customer_id bigint, handled bigint NOT NULL DEFAULT 0, skipped_opted_out bigint NOT NULL DEFAULT 0,
          cancelled_unsent bigint NOT NULL DEFAULT 0, cancelled_queued bigint NOT NULL DEFAULT 0, stop_code bigint)
        """,
        """
        CREATE TABLE announcement_recipients (
          announcement_id bigint NOT NULL REFERENCES announcements(id), customer_id bigint NOT NULL REFERENCES customers(id),
          message_id bigint REFERENCES messages(id), skipped text, PRIMARY KEY (announcement_id, customer_id))
        """,
        """
        CREATE TABLE presence (
          agent text PRIMARY KEY REFERENCES agents(login), session text NOT NULL, online_since bigint NOT NULL, heartbeat_at bigint NOT NULL,
          viewing_conversation_id bigint, typing_conversation_id bigint, typing_at bigint)
        """,
        """
        -- The change feed. Ids are handed out before commit, so transactions can commit out of id order; each row carries
        -- its transaction's id instead, and a reader keeps the transactions it may still have to read (FeedHorizon).
        CREATE TABLE changes (id bigserial PRIMARY KEY, kind text NOT NULL, conversation_id bigint, message_id bigint,
          xid xid8 NOT NULL DEFAULT pg_current_xact_id())
        """,
        "CREATE INDEX changes_xid ON changes(xid)",
        """
        CREATE TABLE spend_buckets (
          bucket bigint NOT NULL, market text NOT NULL, category text NOT NULL, messages bigint NOT NULL, micros bigint NOT NULL,
          PRIMARY KEY (bucket, market, category))
        """,
        "CREATE TABLE platform_notices (id bigserial PRIMARY KEY, at bigint NOT NULL, detail text NOT NULL, repeats bigint NOT NULL DEFAULT 1)",
        "CREATE TABLE canned_replies (shortcut text PRIMARY KEY, text text NOT NULL, updated_by text, updated_at bigint NOT NULL)",
        """
        CREATE TABLE reactions (target_wamid text NOT NULL, reactor text NOT NULL, emoji text NOT NULL, at bigint NOT NULL,
          PRIMARY KEY (target_wamid, reactor))
        """,
        """
        CREATE TABLE drafts (agent text NOT NULL, conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          text text NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (agent, conversation_id))
        """,
        """
        CREATE TABLE media (
          message_id bigint PRIMARY KEY REFERENCES messages(id), kind text NOT NULL, media_id text, mime_type text, size bigint,
          sha256 text, file_name text, file text, voice boolean NOT NULL DEFAULT false,
          state text NOT NULL CHECK (state IN ('fetching', 'ready', 'failed', 'expired', 'too_large')),
          attempts bigint NOT NULL DEFAULT 0, next_attempt_at bigint, lease_owner text, last_error text)
        """,
        "CREATE INDEX media_due ON media(next_attempt_at) WHERE state = 'fetching' AND media_id IS NOT NULL",
        """
        CREATE TABLE message_revisions (wamid text PRIMARY KEY, target_wamid text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('edit', 'delete')), body text NOT NULL, at bigint NOT NULL)
        """,
        "CREATE INDEX message_revisions_target ON message_revisions(target_wamid, at)",
        """
        -- Live outbox dispatchers (one per gateway), so several gateways share Meta's throughput.
        CREATE TABLE dispatchers (holder text PRIMARY KEY, heartbeat_at bigint NOT NULL)
        """,
        // The feed's writers and listeners.
        """
        -- Every statement writing change rows wakes the listeners. A NOTIFY in a transaction takes a lock that every
        -- other notifying commit waits for, held until its commit is flushed to disk: Loket's own connections (which say
        -- loket.notify = after_commit when they connect) only note it, and notify after their commit in a transaction of
        -- its own that does not wait for the disk (loket_notify_pending); any other client notifies at its commit.
        CREATE FUNCTION loket_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF current_setting('loket.notify', true) = 'after_commit' THEN
            PERFORM set_config('loket.changed', 'on', false);
          ELSE
            PERFORM pg_notify('loket_changes', '');
          END IF;
          RETURN NULL;
        END $f$
        """,
        """
        -- After a commit of Loket's: wakes the listeners if it wrote change rows (a rolled-back one's note is undone).
        CREATE FUNCTION loket_notify_pending() RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
          IF current_setting('loket.changed', true) = 'on' THEN
            PERFORM set_config('loket.changed', 'off', false);
            PERFORM set_config('synchronous_commit', 'off', true);
            PERFORM pg_notify('loket_changes', '');
          END IF;
        END $f$
        """,
        "CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION loket_notify_change()",
        """
        -- Presence: heartbeats alone are not news; joining, leaving, viewing and typing are.
        CREATE FUNCTION loket_presence_feed() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            INSERT INTO changes (kind, conversation_id) VALUES ('presence', OLD.viewing_conversation_id);
          ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO changes (kind, conversation_id) VALUES ('presence', NEW.viewing_conversation_id);
          ELSIF OLD.viewing_conversation_id IS DISTINCT FROM NEW.viewing_conversation_id
             OR OLD.typing_conversation_id IS DISTINCT FROM NEW.typing_conversation_id OR OLD.session IS DISTINCT FROM NEW.session THEN
            INSERT INTO changes (kind, conversation_id) VALUES ('presence', coalesce(NEW.viewing_conversation_id, OLD.viewing_conversation_id));
          END IF;
          RETURN NULL;
        END $f$
        """,
        "CREATE TRIGGER presence_feed AFTER INSERT OR UPDATE OR DELETE ON presence FOR EACH ROW EXECUTE FUNCTION loket_presence_feed()",
    ] + feeds.flatMap { f in
        [
            """
            CREATE FUNCTION loket_\(f.table)_feed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
              INSERT INTO changes (kind, conversation_id, message_id) VALUES ('\(f.kind)', \(f.table == "canned_replies" ? "NULL" : f.conversation), \(f.message));
              RETURN NULL;
            END $f$
            """,
            "CREATE TRIGGER \(f.table)_feed AFTER \(f.events) ON \(f.table) FOR EACH ROW EXECUTE FUNCTION loket_\(f.table)_feed()",
        ]
    } + identity

    /// Rows an agent's role may write only in its own name: table, the column naming the author, events.
    static let ownRows: [(table: String, column: String, events: String)] = [
        ("audit", "actor", "INSERT"), ("messages", "agent", "INSERT"), ("presence", "agent", "INSERT OR UPDATE"),
        ("conversation_reads", "agent", "INSERT OR UPDATE"), ("drafts", "agent", "INSERT OR UPDATE"),
        ("announcements", "created_by", "INSERT"), ("canned_replies", "updated_by", "INSERT OR UPDATE"),
    ]

    /// Who may do what (see the type's comment).
    static let identity: [String] = [
        """
        -- Who is acting: the agent whose role this session authenticated as.
        CREATE FUNCTION loket_actor() RETURNS agents LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
          SELECT * FROM agents WHERE login = session_user::text $f$
        """,
        """
        -- Administration: superusers, the database's owner and members of loket_admin (the gateway, migrations, setup).
        CREATE FUNCTION loket_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
          SELECT pg_has_role(session_user, 'loket_admin', 'MEMBER')
              OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
              OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) $f$
        """,
        """
        CREATE FUNCTION loket_is_supervisor() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
          SELECT EXISTS (SELECT 1 FROM agents WHERE login = session_user::text AND role = 'supervisor') $f$
        """,
    ] + ownRows.flatMap { table, column, events in
        [
            """
            -- A row an agent's role writes in \(table) names that agent in \(column), or nobody.
            CREATE FUNCTION loket_\(table)_own_row() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
              IF NEW.\(column) IS NOT NULL AND NEW.\(column) <> session_user::text AND NOT loket_is_admin() THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                  MESSAGE = format('you are %s in this database: %s cannot be written in the name of %s', session_user, TG_TABLE_NAME, NEW.\(column));
              END IF;
              RETURN NEW;
            END $f$
            """,
            "CREATE TRIGGER \(table)_own_row BEFORE \(events) ON \(table) FOR EACH ROW EXECUTE FUNCTION loket_\(table)_own_row()",
        ]
    } + [

        """
        -- A conversation's state and holder change only by its holder (or nobody's yet), a supervisor or administration.
        CREATE FUNCTION loket_conversation_holder() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF (NEW.state IS DISTINCT FROM OLD.state OR NEW.assignee IS DISTINCT FROM OLD.assignee)
             AND OLD.assignee IS NOT NULL AND OLD.assignee <> session_user::text
             AND NOT loket_is_supervisor() AND NOT loket_is_admin() THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
              MESSAGE = format('you are %s in this database: conversation %s is held by %s', session_user, OLD.id, OLD.assignee);
          END IF;
          RETURN NEW;
        END $f$
        """,
        "CREATE TRIGGER conversations_holder BEFORE UPDATE ON conversations FOR EACH ROW EXECUTE FUNCTION loket_conversation_holder()",
        """
        -- What was written stays written: an agent's role may move a message's status (a supervisor cancelling an
        -- announcement's copies, `loket media get`), never its text, author, direction or conversation.
        CREATE FUNCTION loket_message_kept() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF (NEW.body, NEW.direction, NEW.agent, NEW.conversation_id, NEW.created_at, NEW.type)
               IS DISTINCT FROM (OLD.body, OLD.direction, OLD.agent, OLD.conversation_id, OLD.created_at, OLD.type)
             AND NOT loket_is_admin() THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you are %s in this database: message %s cannot be rewritten', session_user, OLD.id);
          END IF;
          RETURN NEW;
        END $f$
        """,
        "CREATE TRIGGER messages_kept BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION loket_message_kept()",
        """
        -- Supervisors' tables. Checked against this database's team, not by role membership: memberships are the
        -- cluster's, and an agent may be a supervisor in another Loket database on the same cluster.
        CREATE FUNCTION loket_supervisors_only() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF NOT loket_is_supervisor() AND NOT loket_is_admin() THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
              MESSAGE = format('you are %s in this database: only a supervisor may change %s', session_user, TG_TABLE_NAME);
          END IF;
          RETURN coalesce(NEW, OLD);
        END $f$
        """,
        "CREATE TRIGGER canned_supervisors BEFORE INSERT OR UPDATE OR DELETE ON canned_replies FOR EACH ROW EXECUTE FUNCTION loket_supervisors_only()",
        "CREATE TRIGGER announcements_supervisors BEFORE INSERT OR UPDATE ON announcements FOR EACH ROW EXECUTE FUNCTION loket_supervisors_only()",
        """
        CREATE TRIGGER recipients_supervisors BEFORE INSERT OR UPDATE ON announcement_recipients
          FOR EACH ROW EXECUTE FUNCTION loket_supervisors_only()
        """,
        """
        -- Role changes, by a supervisor (or administration) only; the audit entry names session_user, whatever the client says.
        CREATE FUNCTION loket_set_role(target text, new_role text, at_millis bigint) RETURNS void LANGUAGE plpgsql
          SECURITY DEFINER SET search_path = public AS $f$
        DECLARE old text;
        BEGIN
          IF NOT loket_is_admin() AND NOT loket_is_supervisor() THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only a supervisor may change roles';
          END IF;
          SELECT role INTO old FROM agents WHERE login = target FOR UPDATE;
          IF old IS NULL THEN RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no agent ' || target; END IF;
          UPDATE agents SET role = new_role WHERE login = target;
          -- Memberships are the cluster's: another database's Loket granting at the same instant can make one attempt
          -- fail ("tuple concurrently updated"); it is tried again.
          FOR attempt IN 1..20 LOOP
            BEGIN
              IF new_role = 'supervisor' THEN EXECUTE format('GRANT loket_supervisor TO %I', target);
              ELSE EXECUTE format('REVOKE loket_supervisor FROM %I', target); END IF;
              EXIT;
            EXCEPTION WHEN unique_violation OR duplicate_object OR internal_error THEN
              PERFORM pg_sleep(0.02 * attempt);
            END;
          END LOOP;
          INSERT INTO audit (at, action, actor, to_agent, detail) VALUES (at_millis, 'role_change', session_user::text, target, old || ' -> ' || new_role);
        END $f$
        """,
        """
        -- Team changes take this first: the rules (``TeamRules``, in Swift) then read a team no one else is changing.
        CREATE FUNCTION loket_lock_team() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
          LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE $f$
        """,
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        "REVOKE ALL ON FUNCTION loket_set_role(text, text, bigint) FROM PUBLIC",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO loket_agent",
        // Agents read the audit trail (a customer's episodes come from it); Meta's notices are supervisors' only:
        // row-level security reads this database's team.
        "CREATE POLICY supervisors_read ON platform_notices FOR SELECT USING (loket_is_supervisor() OR loket_is_admin())",
        "CREATE POLICY administration_writes ON platform_notices FOR ALL USING (loket_is_admin()) WITH CHECK (loket_is_admin())",
        "ALTER TABLE platform_notices ENABLE ROW LEVEL SECURITY",
        """
        GRANT INSERT, UPDATE ON messages, outbox, conversation_reads, media, reactions, presence, drafts, spend_buckets TO loket_agent
        """,
        "GRANT UPDATE ON conversations TO loket_agent",
        "GRANT INSERT ON audit, changes TO loket_agent",
        "GRANT INSERT, DELETE ON customer_labels TO loket_agent",
        "GRANT DELETE ON presence, drafts, reactions, outbox TO loket_agent",
        // An agent's role deletes outbox rows only as a supervisor cancelling an announcement's queued copies.
        "CREATE TRIGGER outbox_delete BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION loket_supervisors_only()",
        "GRANT INSERT, UPDATE, DELETE ON canned_replies TO loket_agent",
        "GRANT INSERT, UPDATE ON announcements, announcement_recipients TO loket_agent",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO loket_agent",
        "GRANT EXECUTE ON FUNCTION loket_set_role(text, text, bigint) TO loket_agent",
        "GRANT EXECUTE ON FUNCTION loket_lock_team() TO loket_agent",
        "GRANT ALL ON ALL TABLES IN SCHEMA public TO loket_admin",
        "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO loket_admin",
    ]
}

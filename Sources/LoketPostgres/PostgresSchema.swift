/// The PostgreSQL store's schema, in versioned steps recorded in `loket_migrations` (GRDB's migrator is the
/// model). Not yet shipped: until the backend stands behind `--store postgres://`, v1 may still grow.
///
/// Identity (docs/SPEC.md §13) is the database's: every agent logs in as their own role (named as the login);
/// `loket_agent` and `loket_supervisor` hold what each may do, `loket_admin` may act as anyone. Agents' roles
/// cannot write tables directly: changes go through SECURITY DEFINER functions that take the actor from
/// `session_user`, so no client can write the audit trail in another name or do what only supervisors may.
enum PostgresSchema {
    /// Each version is a list of statements (the extended query protocol takes one at a time), run in one transaction.
    static let migrations: [(version: Int, statements: [String])] = [(1, v1)]

    static let v1: [String] = [
        """
        DO $$ BEGIN
              BEGIN CREATE ROLE loket_agent NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
              BEGIN CREATE ROLE loket_supervisor NOLOGIN IN ROLE loket_agent; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
              BEGIN CREATE ROLE loket_admin NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            END $$;
        """,
        """
        CREATE TABLE business (
              id integer PRIMARY KEY CHECK (id = 1), name text NOT NULL, display_number text NOT NULL, official boolean NOT NULL,
              quality_rating text NOT NULL, phone_number_id text NOT NULL, waba_id text NOT NULL, account_note text, updated_at bigint NOT NULL);
        """,
        """
        CREATE TABLE agents (
              login text PRIMARY KEY, name text NOT NULL, role text NOT NULL CHECK (role IN ('agent', 'supervisor')),
              capacity integer NOT NULL, created_at bigint NOT NULL, os_user text);
        """,
        """
        CREATE TABLE presence (agent text NOT NULL REFERENCES agents(login), session text NOT NULL, heartbeat_at bigint NOT NULL,
              PRIMARY KEY (agent, session));
        """,
        """
        CREATE TABLE conversations (id bigserial PRIMARY KEY, state text NOT NULL, assignee text REFERENCES agents(login));
        """,
        """
        CREATE TABLE audit (
              id bigserial PRIMARY KEY, at bigint NOT NULL, action text NOT NULL, actor text, conversation_id bigint, to_agent text,
              reason text, detail text, db_user text NOT NULL DEFAULT session_user);
        """,
        """
        -- The change feed. Ids are handed out before commit, so transactions can commit out of id order; every
        -- statement writing here first takes the feed's advisory lock shared (until its transaction ends), and a reader
        -- takes it exclusively for an instant to learn the highest id no open transaction can still commit below.
        CREATE TABLE changes (id bigserial PRIMARY KEY, kind text NOT NULL, conversation_id bigint, message_id bigint);
        """,
        """
        CREATE FUNCTION loket_feed_writer() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN PERFORM pg_advisory_xact_lock_shared(7212421); RETURN NULL; END $f$;
        """,
        """
        CREATE TRIGGER changes_writer BEFORE INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION loket_feed_writer();
        """,
        """
        -- Every change row wakes the listeners (delivered when its transaction commits).
            CREATE FUNCTION loket_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN PERFORM pg_notify('loket_changes', ''); RETURN NULL; END $f$;
        """,
        """
        CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION loket_notify_change();
        """,
        """
        -- Who is acting: the agent whose role this session authenticated as.
            CREATE FUNCTION loket_actor() RETURNS agents LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
              SELECT * FROM agents WHERE login = session_user::text $f$;
        """,
        """
        CREATE FUNCTION loket_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
              SELECT pg_has_role(session_user, 'loket_admin', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) $f$;
        """,
        """
        -- Role changes, by a supervisor (or administration) only; the audit entry names session_user, whatever the client says.
            CREATE FUNCTION loket_set_role(target text, new_role text, at_millis bigint) RETURNS void LANGUAGE plpgsql
              SECURITY DEFINER SET search_path = public AS $f$
            DECLARE me agents; old text;
            BEGIN
              me := loket_actor();
              IF NOT loket_is_admin() AND (me.login IS NULL OR me.role <> 'supervisor') THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only a supervisor may change roles';
              END IF;
              SELECT role INTO old FROM agents WHERE login = target FOR UPDATE;
              IF old IS NULL THEN RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no agent ' || target; END IF;
              UPDATE agents SET role = new_role WHERE login = target;
              IF new_role = 'supervisor' THEN EXECUTE format('GRANT loket_supervisor TO %I', target);
              ELSE EXECUTE format('REVOKE loket_supervisor FROM %I', target); END IF;
              INSERT INTO audit (at, action, actor, to_agent, detail) VALUES (at_millis, 'role_change', session_user::text, target, old || ' -> ' || new_role);
              INSERT INTO changes (kind) VALUES ('agent');
            END $f$;
        """,
        """
        -- Team changes take this first: the rules (``TeamRules``, in Swift) then read a team no one else is changing.
        CREATE FUNCTION loket_lock_team() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
          LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE $f$;
        """,
        """
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
        """,
        """
        REVOKE ALL ON FUNCTION loket_set_role(text, text, bigint) FROM PUBLIC;
        """,
        """
        GRANT SELECT ON business, agents, presence, conversations, changes TO loket_agent;
        """,
        """
        GRANT SELECT ON audit TO loket_supervisor;
        """,
        """
        GRANT EXECUTE ON FUNCTION loket_set_role(text, text, bigint) TO loket_agent;
        """,
        """
        GRANT EXECUTE ON FUNCTION loket_lock_team() TO loket_agent;
        """,
        """
        GRANT ALL ON ALL TABLES IN SCHEMA public TO loket_admin;
        """,
        """
        GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO loket_admin;
        """,
    ]
}

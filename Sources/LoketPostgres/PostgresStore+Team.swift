import Foundation
public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore: TeamDirectory, TeamAdministration {
    public func business() async throws -> BusinessProfile? {
        try await withErrors {
            for try await (name, number, official, rating, phoneID, waba, note) in try await client.query(
                "SELECT name, display_number, official, quality_rating, phone_number_id, waba_id, account_note FROM business WHERE id = 1",
                logger: logger
            ).decode((String, String, Bool, String, String, String, String?).self) {
                return BusinessProfile(name: name, displayNumber: number, official: official, qualityRating: rating, phoneNumberID: phoneID,
                                       wabaID: waba, accountNote: note)
            }
            return nil
        }
    }

    /// The business as configured (Meta's quality rating is kept from the first save on: webhooks update it).
    public func saveBusiness(_ p: BusinessProfile) async throws {
        let now = clock().millis
        try await withErrors {
            try await adminTransaction { [logger] conn in
                try await conn.execute("""
                    INSERT INTO business (id, name, display_number, official, quality_rating, phone_number_id, waba_id, account_note, updated_at)
                    VALUES (1, \(p.name), \(p.displayNumber), \(p.official), \(p.qualityRating), \(p.phoneNumberID), \(p.wabaID), \(p.accountNote), \(now))
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, display_number = excluded.display_number,
                      official = excluded.official, phone_number_id = excluded.phone_number_id, waba_id = excluded.waba_id,
                      updated_at = excluded.updated_at
                    """, logger: logger)
            }
        }
    }

    /// Adds the agent and their LOGIN role (named as the login, no password: the operator sets authentication),
    /// member of `loket_agent` or `loket_supervisor`. Only administration creates roles.
    @discardableResult
    public func addAgent(login: String, name: String, role: Role, capacity: Int, osUser: String?) async throws -> Agent {
        let login = try AgentLogin.validate(login)
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw InputError("agent name is empty; pass --name \"Full Name\"") }
        guard (0...1000).contains(capacity) else { throw InputError("capacity {1} is out of range 0-1000", capacity) }
        let osUser = try osUser.map { try AgentLogin.validateOSUser($0) }
        let now = clock().millis
        return try await withErrors {
            try await adminTransaction { [logger] conn in
                try await conn.execute("LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                var teamSize = 0, exists = false
                for try await (count, found) in try await conn.query(
                    "SELECT count(*)::int, bool_or(login = \(login)) FROM agents", logger: logger).decode((Int, Bool?).self) {
                    teamSize = count; exists = found ?? false
                }
                if exists { throw Refusal("agent '{1}' already exists; change the role with loket agent set-role", login) }
                let effective = TeamRules.roleForNewAgent(requested: role, teamSize: teamSize)
                let user = osUser ?? login
                if let other = try await conn.scalar("SELECT login FROM agents WHERE coalesce(os_user, login) = \(user)", as: String.self,
                                                     logger: logger) {
                    throw Refusal("OS user {1} already logs in as agent {2}; give --os-user another user", user, other)
                }
                try await conn.execute("""
                    INSERT INTO agents (login, name, role, capacity, created_at, os_user)
                    VALUES (\(login), \(name), \(effective.rawValue), \(capacity), \(now), \(osUser))
                    """, logger: logger)
                // The login is validated (lowercase letters, digits, . _ -), so quoting it as an identifier is exact.
                try await conn.execute(PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN
                      BEGIN CREATE ROLE "\(login)" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
                    END $$
                    """), logger: logger)
                // Roles are the cluster's (several Loket databases may share one): granting twice at once is no error.
                let supervisorGrant = effective == .supervisor ? "GRANT loket_supervisor TO \"\(login)\"" : "REVOKE loket_supervisor FROM \"\(login)\""
                // Role memberships are catalog rows shared by the whole cluster: another database's Loket granting at
                // the same instant can make one attempt fail ("tuple concurrently updated"); it is tried again.
                try await conn.execute(PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN
                      FOR attempt IN 1..20 LOOP
                        BEGIN
                          GRANT loket_agent TO "\(login)";
                          \(supervisorGrant);
                          RETURN;
                        EXCEPTION WHEN unique_violation OR duplicate_object OR internal_error THEN
                          PERFORM pg_sleep(0.02 * attempt);
                        END;
                      END LOOP;
                      GRANT loket_agent TO "\(login)";
                      \(supervisorGrant);
                    END $$
                    """), logger: logger)
                try await conn.execute("""
                    INSERT INTO audit (at, action, actor, to_agent, detail) VALUES (\(now), 'agent_added', NULL, \(login), \(effective.rawValue))
                    """, logger: logger)
                return Agent(login: login, name: name, role: effective, capacity: capacity, osUser: osUser)
            }
        }
    }

    public func agents() async throws -> [Agent] { try await agents(countingLoad: true) }

    public func agents(countingLoad: Bool) async throws -> [Agent] {
        try await agents(where: nil, countingLoad: countingLoad)
    }

    public func agent(login: String) async throws -> Agent? {
        try await agents(where: login, countingLoad: true).first
    }

    private func agents(where login: String?, countingLoad: Bool) async throws -> [Agent] {
        let cutoff = clock().addingTimeInterval(-PresenceTimings.timeout).millis
        return try await withErrors {
            var out: [Agent] = []
            let rows = try await client.query("""
                SELECT a.login, a.name, a.role, a.capacity, a.os_user,
                       EXISTS (SELECT 1 FROM presence p WHERE p.agent = a.login AND p.heartbeat_at >= \(cutoff)),
                       CASE WHEN \(countingLoad)::boolean THEN (SELECT count(*)::int FROM conversations c
                                                     WHERE c.assignee = a.login AND c.state IN ('open', 'pending')) ELSE 0 END
                FROM agents a WHERE \(login)::text IS NULL OR a.login = \(login)::text ORDER BY a.login COLLATE "C"
                """, logger: logger)
            for try await (l, name, role, capacity, os, online, load) in rows.decode((String, String, String, Int, String?, Bool, Int).self) {
                guard let r = Role(rawValue: role) else { throw StoreUnusable("agents.role holds '\(role)'") }
                out.append(Agent(login: l, name: name, role: r, capacity: capacity, online: online, load: load, osUser: os))
            }
            return out
        }
    }

    /// The database decides (`loket_set_role`: the caller's role must be a supervisor's, or administration) and
    /// stamps the audit entry with the role that connected, whatever `by` says; ``TeamRules`` decides the rest.
    public func setRole(login: String, role: Role, by: String) async throws {
        let now = clock().millis
        try await withErrors {
            try await adminTransaction { [logger] conn in
                try await conn.execute("SELECT loket_lock_team()", logger: logger)
                var team: [String: Role] = [:]
                for try await (l, r) in try await conn.query("SELECT login, role FROM agents", logger: logger).decode((String, String).self) {
                    team[l] = Role(rawValue: r)
                }
                let actor = team[by].map { Actor(login: by, role: $0) }
                guard let target = team[login] else { throw NotFound("no agent '{1}'", login) }
                let supervisors = team.values.filter { $0 == .supervisor }.count
                guard try TeamRules.changeRole(of: Actor(login: login, role: target), to: role, by: actor, supervisors: supervisors) else { return }
                try await conn.execute("SELECT loket_set_role(\(login), \(role.rawValue), \(now))", logger: logger)
            }
        }
    }
}

public import Foundation
import GRDB
public import LoketDomain
public import LoketStore

extension SQLiteStore {
    /// A console whose heartbeat is older than this is offline.
    public static let presenceTimeout = PresenceTimings.timeout

    public func business() async throws -> BusinessProfile? {
        try await read { db in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM business WHERE id = 1")) else { return nil }
            return try WrongColumnType.inTable("business") {
                try BusinessProfile(name: row.value("name"), displayNumber: row.value("display_number"), official: row.value("official"),
                                    qualityRating: row.value("quality_rating"), phoneNumberID: row.value("phone_number_id"),
                                    wabaID: row.value("waba_id"), accountNote: row.value("account_note"))
            }
        }
    }

    public func saveBusiness(_ p: BusinessProfile) async throws {
        let now = clock().millis
        try await write { db in
            try db.cachedStatement(sql: """
                INSERT INTO business (id, name, display_number, official, quality_rating, phone_number_id, waba_id, account_note, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, display_number = excluded.display_number,
                  official = excluded.official, phone_number_id = excluded.phone_number_id, waba_id = excluded.waba_id,
                  updated_at = excluded.updated_at
                """).execute(arguments: [p.name, p.displayNumber, p.official, p.qualityRating, p.phoneNumberID, p.wabaID,
                                 p.accountNote, now])
        }
    }

    public func updateQualityRating(_ rating: String) async throws {
        let now = clock().millis
        try await write { db in
            try db.cachedStatement(sql: "UPDATE business SET quality_rating = ?, updated_at = ? WHERE id = 1 AND quality_rating IS NOT ?").execute(
                           arguments: [rating.uppercased(), now, rating.uppercased()])
        }
    }

    @discardableResult
    public func addAgent(login: String, name: String, role: Role, capacity: Int, osUser: String?) async throws -> Agent {
        let login = try AgentLogin.validate(login)
        let osUser = try osUser.map { try AgentLogin.validateOSUser($0) }
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw InputError("agent name is empty; pass --name \"Full Name\"") }
        guard (0...1000).contains(capacity) else { throw InputError("capacity {1} is out of range 0-1000", capacity) }
        let now = clock()
        return try await write { db in
            if try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM agents WHERE login = ?"), arguments: [login]) == true {
                throw Refusal("agent '{1}' already exists; change the role with loket agent set-role", login)
            }
            let teamSize = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM agents")) ?? 0
            let effective = TeamRules.roleForNewAgent(requested: role, teamSize: teamSize)
            let user = osUser ?? login
            if let other = try String.fetchOne(db, sql: "SELECT login FROM agents WHERE coalesce(os_user, login) = ?", arguments: [user]) {
                throw Refusal("OS user {1} already logs in as agent {2}; give --os-user another user", user, other)
            }
            try db.cachedStatement(sql: "INSERT INTO agents (login, name, role, capacity, created_at, os_user) VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [login, name, effective.rawValue, capacity, now.millis, osUser])
            try Writes.audit(db, action: .agentAdded, actor: nil, conversationID: nil, to: login,
                             detail: effective.rawValue, at: now)
            return Agent(login: login, name: name, role: effective, capacity: capacity, osUser: osUser)
        }
    }

    public func agents() async throws -> [Agent] { try await agents(countingLoad: true) }

    public func agents(countingLoad: Bool) async throws -> [Agent] {
        let cutoff = clock().addingTimeInterval(-Self.presenceTimeout).millis
        return try await read { db in
            try Row.fetchAll(try db.cachedStatement(sql: countingLoad ? Self.agentsWithLoad : Self.agentsWithoutLoad), arguments: [cutoff])
                .map(Self.agent)
        }
    }

    public func agent(login: String) async throws -> Agent? {
        let cutoff = clock().addingTimeInterval(-Self.presenceTimeout).millis
        return try await read { db in
            try Row.fetchOne(try db.cachedStatement(sql: Self.agentSelect(load: true) + " WHERE a.login = ?"), arguments: [cutoff, login])
                .map(Self.agent)
        }
    }

    /// Agents with presence and (when `load`) their open chats: counting those reads every open chat's
    /// index entry, so the header, which shows only who is online, asks without it.
    static func agentSelect(load: Bool) -> String {
        """
        SELECT a.login, a.name, a.role, a.capacity, a.os_user,
               (p.heartbeat_at IS NOT NULL AND p.heartbeat_at >= ?) AS online,
               \(load ? "(SELECT count(*) FROM conversations c WHERE c.assignee = a.login AND c.state IN ('open', 'pending'))" : "0") AS load
        FROM agents a LEFT JOIN presence p ON p.agent = a.login
        """
    }

    static let agentsWithLoad = agentSelect(load: true) + " ORDER BY a.login"
    static let agentsWithoutLoad = agentSelect(load: false) + " ORDER BY a.login"

    static func agent(_ row: Row) throws -> Agent {
        try WrongColumnType.inTable("agents") {
            try Agent(login: row.value("login"), name: row.value("name"), role: row.known("role"),
                      capacity: row.value("capacity"), online: row.value("online"), load: row.value("load"), osUser: row.value("os_user"))
        }
    }

    public func setRole(login: String, role: Role, by: String) async throws {
        let now = clock()
        try await write { db in
            guard let actor = try? Writes.actor(db, login: by) else {
                throw Refusal("only a supervisor may change roles; '{1}' is not on the team (pass --by LOGIN)", by)
            }
            try TeamRules.changeRole(by: actor)
            let target = try Writes.actor(db, login: login)
            let supervisors = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM agents WHERE role = 'supervisor'")) ?? 0
            guard try TeamRules.changeRole(of: target, to: role, by: actor, supervisors: supervisors) else { return }
            try db.cachedStatement(sql: "UPDATE agents SET role = ? WHERE login = ?").execute(arguments: [role.rawValue, login])
            try Writes.audit(db, action: .roleChange, actor: by, conversationID: nil, to: login,
                             detail: "\(target.role.rawValue) -> \(role.rawValue)", at: now)
        }
    }
}

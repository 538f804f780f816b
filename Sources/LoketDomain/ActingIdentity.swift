/// Who a command or console acts as (docs/SPEC.md §13): established by the system, not by a flag. On SQLite the
/// system says which OS user runs `loket` and whether it may act as anyone (root, or the user owning the store
/// file: administration and scripts); an agent is found by their `os_user` (default: their login).
public enum ActingIdentity {
    /// What the operating system (or the database) says about the one running `loket`.
    public struct System: Equatable, Sendable {
        public var user: String
        /// Root, the store file's owner (SQLite) or a member of `loket_admin` (PostgreSQL).
        public var mayActAsAnyone: Bool
        public init(user: String, mayActAsAnyone: Bool) { self.user = user; self.mayActAsAnyone = mayActAsAnyone }
    }

    /// An agent as identity knows them: their login and the OS user they log in as.
    public struct Member: Equatable, Sendable {
        public var login: String
        public var osUser: String
        public init(login: String, osUser: String?) { self.login = login; self.osUser = osUser ?? login }
    }

    /// The login to act as. `requested` is what `--agent`/`--by` (or `$LOKET_AGENT`) named, nil when nothing did.
    /// Administration may name anyone (else it acts as its own agent, else as its user name); an agent acts as
    /// themself only: naming anyone else is refused, and an OS user who is no agent is refused.
    public static func resolve(requested: String?, system: System, team: [Member]) throws(Refusal) -> String {
        let own = team.first { $0.osUser == system.user }
        if system.mayActAsAnyone { return requested ?? own?.login ?? system.user }
        guard let me = own else {
            throw Refusal("OS user {1} is not an agent of this desk; a supervisor adds you with loket agent add LOGIN --os-user {1}",
                          system.user)
        }
        if let requested, requested != me.login {
            throw Refusal("you are {1} (OS user {2}); acting as {3} is refused", me.login, system.user, requested)
        }
        return me.login
    }
}

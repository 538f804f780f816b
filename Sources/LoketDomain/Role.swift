/// A team member's role (docs/SPEC.md §5).
public enum Role: String, Sendable, CaseIterable, Codable, Hashable {
    case agent
    case supervisor

    /// Parses `agent` or `supervisor`, or throws a one-line error.
    public init(parsing text: String) throws(InputError) {
        guard let r = Role(rawValue: text.lowercased()) else {
            throw InputError("role '{1}' is not known; use agent or supervisor", text)
        }
        self = r
    }
}

/// Who is acting: an agent's login and role.
public struct Actor: Hashable, Sendable {
    public let login: String
    public let role: Role
    public init(login: String, role: Role) { self.login = login; self.role = role }
    public var isSupervisor: Bool { role == .supervisor }
}

/// Agent logins: 1–32 characters of lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
public enum AgentLogin {
    public static func validate(_ login: String) throws(InputError) -> String {
        let ok = !login.isEmpty && login.count <= 32
            && login.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
            && !(login.first == "." || login.first == "-" || login.first == "_")
        guard ok else {
            throw InputError("login '{1}' is not valid; use 1-32 lowercase letters, digits, '.', '_' or '-'", login)
        }
        return login
    }

    /// An OS user name as `useradd` accepts it (letters, digits, '.', '_', '-'; not starting with '-'; at most 32).
    public static func validateOSUser(_ user: String) throws(InputError) -> String {
        let ok = !user.isEmpty && user.count <= 32 && user.first != "-"
            && user.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        guard ok else { throw InputError("OS user '{1}' is not valid; use 1-32 letters, digits, '.', '_' or '-'", user) }
        return user
    }
}

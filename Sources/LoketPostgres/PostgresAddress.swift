import Foundation
public import LoketDomain

/// Where a PostgreSQL store is (docs/SPEC.md §13): `postgres://USER@HOST[:PORT]/DB`, or a Unix socket folder with
/// `postgres://USER@/DB?host=/path/to/folder`. No password in the address: PostgreSQL's own authentication
/// (peer, trust, `~/.pgpass`, `$PGPASSWORD`) decides who connects.
public struct PostgresAddress: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var host: String?
    public var port: Int
    public var socketFolder: String?
    public var database: String

    public init(parsing text: String) throws(InputError) {
        let scheme = ["postgres://", "postgresql://"].first { text.hasPrefix($0) }
        guard let scheme else { throw InputError("'{1}' is not a postgres:// address", text) }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        guard let at = rest.firstIndex(of: "@"), let slash = rest.firstIndex(of: "/"), at < slash else {
            throw InputError("'{1}' needs a user and a database: postgres://USER@HOST[:PORT]/DB", text)
        }
        let userPart = rest[..<at]
        guard !userPart.contains(":") else { throw InputError("'{1}' carries a password; leave it to PostgreSQL's authentication (~/.pgpass, $PGPASSWORD)", text) }
        user = String(userPart)
        let hostPort = rest[rest.index(after: at)..<slash]
        database = String(rest[rest.index(after: slash)...])
        guard !user.isEmpty, !database.isEmpty, !database.contains("/") else {
            throw InputError("'{1}' needs a user and a database: postgres://USER@HOST[:PORT]/DB", text)
        }
        port = 5432
        host = nil
        if let colon = hostPort.lastIndex(of: ":") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw InputError("'{1}' has no valid port", text)
            }
            port = p
            host = String(hostPort[..<colon])
        } else if !hostPort.isEmpty {
            host = String(hostPort)
        }
        for pair in query.split(separator: "&") where pair.hasPrefix("host=") {
            socketFolder = String(pair.dropFirst(5)).removingPercentEncoding
        }
        guard host?.isEmpty == false || socketFolder != nil else {
            throw InputError("'{1}' names no host (or ?host=/socket/folder)", text)
        }
    }

    public var description: String {
        "postgres://\(user)@\(host ?? "")\(host != nil && port != 5432 ? ":\(port)" : "")/\(database)" + (socketFolder.map { "?host=\($0)" } ?? "")
    }
}

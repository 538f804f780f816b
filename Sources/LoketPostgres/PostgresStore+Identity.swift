public import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore: ConnectedIdentity {
    /// The role this store's connections authenticated as (`session_user`), and whether it administers: a superuser,
    /// the database's owner or a member of `loket_admin` (``PostgresSchema``'s `loket_is_admin`).
    public func connectedIdentity() async throws -> ActingIdentity.System {
        try await read { conn in
            guard let row = try await conn.row("SELECT session_user::text, loket_is_admin()", logger: self.logger) else {
                throw StoreUnavailable("PostgreSQL did not say who this connection is")
            }
            return ActingIdentity.System(user: try row.value(0), mayActAsAnyone: try row.value(1))
        }
    }
}

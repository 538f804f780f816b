import ArgumentParser
import Foundation
import LoketConfig
import LoketDomain
import LoketMedia
import LoketPostgres
import LoketSQLite
import LoketStore

/// `--store` and `--config`, shared by every command (docs/SPEC.md §1).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a file, or postgres://USER@HOST[:PORT]/DB.", discussion: "Default: $LOKET_STORE, else [store] url, else $XDG_DATA_HOME/loket/loket.db."))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The configuration file.", discussion: "Default: $LOKET_CONFIG, else ./loket.toml if present, else $XDG_CONFIG_HOME/loket/loket.toml."))
    var config: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The store named by `--store` or `$LOKET_STORE`, if any.
    var namedStore: String? {
        if let s = store, !s.isEmpty { return s }
        if let s = environment["LOKET_STORE"], !s.isEmpty { return s }
        return nil
    }

    /// The store path after applying the defaults (a `postgres://` address when one is named).
    var storePath: String {
        if let s = namedStore { return s }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/share"
        return "\(data)/loket/loket.db"
    }

    /// The configuration path after applying the defaults, and whether it was named explicitly.
    var configLocation: (path: String, explicit: Bool) {
        if let c = config, !c.isEmpty { return (c, true) }
        if let c = environment["LOKET_CONFIG"], !c.isEmpty { return (c, true) }
        if FileManager.default.fileExists(atPath: "loket.toml") { return ("loket.toml", false) }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let cfg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.config"
        return ("\(cfg)/loket/loket.toml", false)
    }

    /// The configuration: a named file must exist; a default location may be absent (built-in defaults).
    func loadConfiguration() throws -> LoketConfiguration {
        let (path, explicit) = configLocation
        if !FileManager.default.fileExists(atPath: path) {
            if explicit { throw ConfigError(file: path, line: nil, key: nil, problem: "no such file; create one with loket init") }
            return LoketConfiguration()
        }
        try ConfigTrust.check(path: path)
        let config = try LoketConfiguration.load(path: path)
        CLIWords.follow(config)
        return config
    }

    /// The store to use: `--store`, `$LOKET_STORE`, `[store] url`, else the default file.
    func location(_ config: LoketConfiguration) -> String {
        namedStore ?? config.store.url ?? storePath
    }

    /// Opens the store with the configured rate card: SQLite for a file, PostgreSQL for a `postgres://` address
    /// (docs/SPEC.md §13; brought up to date when opened). Only `loket init` creates a SQLite file (`create`); for
    /// every other command a path with no store is an error, so a typo never leaves an empty store behind.
    func openStore(_ config: LoketConfiguration, create: Bool = false) async throws -> any LoketStore {
        let where_ = location(config)
        if where_.hasPrefix("postgres://") || where_.hasPrefix("postgresql://") {
            return try await PostgresStore(address: PostgresAddress(parsing: where_), rateCard: try RateCardLoader.load(for: config))
        }
        let store = try SQLiteStore(path: where_, rateCard: try RateCardLoader.load(for: config), create: create,
                                    group: config.store.group)
        if let warning = store.permissionWarning { ExitStatus.printError("warning: \(warning)") }
        return store
    }

    /// Whether the store is on PostgreSQL.
    func isPostgres(_ config: LoketConfiguration) -> Bool {
        let l = location(config)
        return l.hasPrefix("postgres://") || l.hasPrefix("postgresql://")
    }

    /// Where attachments are kept: `[media] dir`, else beside the store (docs/SPEC.md §9).
    /// On PostgreSQL there is no store file to put it beside: `$XDG_DATA_HOME/loket/DB.media` (set `[media] dir` to a
    /// folder every host shares when gateways run on several).
    func mediaFolder(_ config: LoketConfiguration) -> MediaFolder {
        var besideStore = storePath
        if isPostgres(config), let address = try? PostgresAddress(parsing: location(config)) {
            let home = FileManager.default.homeDirectoryForCurrentUser.path
            let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/share"
            besideStore = "\(data)/loket/\(address.database)"
        }
        return MediaFolder(path: config.media.dir.isEmpty ? MediaFolder.defaultPath(forStore: besideStore) : config.media.dir,
                    shared: config.store.group != nil)
    }

    /// Loads the configuration and opens an existing store.
    func open() async throws -> (LoketConfiguration, any LoketStore) {
        // A missing store file is the first thing to say (before any complaint about the configuration).
        let named = namedStore
        let postgres = named.map { $0.hasPrefix("postgres://") || $0.hasPrefix("postgresql://") } ?? false
        if let named, !postgres, !FileManager.default.fileExists(atPath: named) {
            throw NotFound("no store at \(named); create one with: loket init --store \(named) (or pass --store)")
        }
        let config = try loadConfiguration()
        if named == nil && config.store.url == nil && !FileManager.default.fileExists(atPath: storePath) {
            throw NotFound("no store at \(storePath); create one with: loket init --store \(storePath) (or pass --store)")
        }
        return (config, try await openStore(config))
    }
}

extension GlobalOptions {
    /// Reads `conversation` (an id or a number) before anything is opened, then opens the store and runs `body`:
    /// the shape of every command that acts on one conversation.
    func onConversation<T>(_ conversation: String, _ body: (LoketConfiguration, any LoketStore, ConversationRef) async throws -> T) async throws -> T {
        let ref = try ConversationRef(parsing: conversation)
        let (config, store) = try await open()
        return try await body(config, store, ref)
    }
}

/// The login a flag or `$LOKET_AGENT` names (nil when neither does).
func requestedAgent(_ flag: String?) -> String? {
    if let f = flag, !f.isEmpty { return f }
    if let e = ProcessInfo.processInfo.environment["LOKET_AGENT"], !e.isEmpty { return e }
    return nil
}

/// The acting agent before a store exists (`loket init`): the flag, else `$LOKET_AGENT`, else the OS login name.
func defaultAgent(_ flag: String?) -> String { requestedAgent(flag) ?? ProcessInfo.processInfo.userName }

extension GlobalOptions {
    /// What the system says about who runs `loket` (docs/SPEC.md §13): the effective OS user; root and the user
    /// owning the store file may act as anyone.
    func systemIdentity() -> ActingIdentity.System {
        let euid = geteuid()
        let name = getpwuid(euid).map { String(cString: $0.pointee.pw_name) } ?? String(euid)
        var info = stat()
        let owner = stat(storePath, &info) == 0 ? info.st_uid : nil
        return ActingIdentity.System(user: name, mayActAsAnyone: euid == 0 || owner == euid)
    }

    /// The agent this command acts as: established by the system; `--agent`/`--by` (or `$LOKET_AGENT`) naming
    /// anyone else is refused (69) unless the system says this user may act as anyone.
    /// Who runs this command as the system knows it: the OS user on SQLite, the connection's role on PostgreSQL.
    func system(_ store: any LoketStore) async throws -> ActingIdentity.System {
        if let connected = store as? any ConnectedIdentity { return try await connected.connectedIdentity() }
        return systemIdentity()
    }

    /// On PostgreSQL the system is the database: the role the connection authenticated as (each agent's role is
    /// named as their login), administration when it is a member of `loket_admin`.
    func acting(_ flag: String?, _ store: any LoketStore) async throws -> String {
        let agents = try await store.agents(countingLoad: false)
        if let connected = store as? any ConnectedIdentity {
            let team = agents.map { ActingIdentity.Member(login: $0.login, osUser: $0.login) }
            return try ActingIdentity.resolve(requested: requestedAgent(flag), system: try await connected.connectedIdentity(), team: team)
        }
        let team = agents.map { ActingIdentity.Member(login: $0.login, osUser: $0.osUser) }
        return try ActingIdentity.resolve(requested: requestedAgent(flag), system: systemIdentity(), team: team)
    }
}

/// Reads a date argument: `YYYY-MM-DD` (midnight UTC) or RFC 3339.
func parseDate(_ text: String, flag: String) throws -> Date {
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX")
    day.timeZone = TimeZone(identifier: "UTC")
    day.dateFormat = "yyyy-MM-dd"
    if let d = day.date(from: text) { return d }
    let iso = ISO8601DateFormatter()
    if let d = iso.date(from: text) { return d }
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let d = iso.date(from: text) { return d }
    throw InputError("\(flag) '\(text)' is not a date; use YYYY-MM-DD or RFC 3339")
}

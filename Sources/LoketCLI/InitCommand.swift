import ArgumentParser
import Foundation
import LoketConfig
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket init`: create or upgrade a store and write a starter loket.toml.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create or upgrade a store and write a starter loket.toml.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Login of the first supervisor, created when the team is empty (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).")
    var supervisor: String?

    @Option(help: "Display name of the first supervisor.")
    var name: String?

    func run() async throws {
        try await guarded {
            let (path, _) = global.configLocation
            let fm = FileManager.default
            let config: LoketConfiguration
            let store: any LoketStore
            if fm.fileExists(atPath: path) {
                print("config: \(path) (kept)")
                config = try global.loadConfiguration()
                store = try await global.openStore(config, create: true)
            } else {
                // A new config for an existing store starts from the business the store already knows.
                store = try await global.openStore(LoketConfiguration(), create: true)
                let known = try await store.business()
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                try StarterConfig.text(for: known).write(toFile: path, atomically: true, encoding: .utf8)
                print("config: \(path) (written\(known == nil ? "" : " from the store's business"))")
                config = try global.loadConfiguration()
            }
            var profile = try await store.business() ?? BusinessProfile(name: config.business.name,
                                                                        displayNumber: config.business.displayNumber,
                                                                        official: config.business.official)
            profile.name = config.business.name
            profile.displayNumber = config.business.displayNumber
            profile.official = config.business.official
            profile.phoneNumberID = config.cloudAPI.phoneNumberID
            profile.wabaID = config.cloudAPI.wabaID
            try await store.saveBusiness(profile)
            print("store: \(global.location(config)) (schema up to date)")
            let starters = try await store.installStarterCannedReplies()
            if starters > 0 { print("canned replies: \(starters) starters in Bahasa Indonesia (loket canned list)") }
            if try await store.agents().isEmpty {
                let login = try AgentLogin.validate(defaultAgent(supervisor))
                let agent = try await store.addAgent(login: login, name: name ?? login.capitalized, role: .supervisor, capacity: 10)
                print("supervisor: \(agent.login) (\(terminalSafe(agent.name)))")
            }
            print("next: loket agent add LOGIN --name NAME, then loket console")
        }
    }
}

/// The starter `loket.toml` written by `loket init` (docs/SPEC.md §2).
enum StarterConfig {
    /// The starter, with the business `known` to an existing store filled in (else neutral placeholders).
    static func text(for known: BusinessProfile?) -> String {
        guard let b = known else { return text }
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return text
            .replacingOccurrences(of: "name = \"My Business\"  ", with: "name = \(quoted(b.name))  ")
            .replacingOccurrences(of: "display_number = \"\"  ", with: "display_number = \(quoted(b.displayNumber))  ")
            .replacingOccurrences(of: "official = false ", with: "official = \(b.official) ")
            .replacingOccurrences(of: "phone_number_id = \"\"  ", with: "phone_number_id = \(quoted(b.phoneNumberID))  ")
            .replacingOccurrences(of: "waba_id = \"\"  ", with: "waba_id = \(quoted(b.wabaID))  ")
    }

    static let text = """
    # Loket configuration. Secrets are never written here: they come from the environment
    # variables named below.

    [business]
    name = "My Business"            # as customers know it, e.g. "Bank Nusantara"
    display_number = ""             # the shared WhatsApp number as people write it, e.g. "+62 21 5000 1234"
    official = false                # true only for an Official Business Account (the verified badge)
    timezone = "Asia/Jakarta"       # pending times and report days are read in it

    [cloud_api]
    base_url = "https://graph.facebook.com/v23.0"
    phone_number_id = ""            # from WhatsApp Manager: Phone numbers, then the number's id
    waba_id = ""                    # the WhatsApp Business Account id
    access_token_env = "LOKET_ACCESS_TOKEN"
    app_secret_env = "LOKET_APP_SECRET"
    verify_token_env = "LOKET_VERIFY_TOKEN"
    throughput = 80                 # messages per second allowed by Meta for this number
    retry_for_hours = 24            # a send still failing this long after it was queued gives up, with Meta's last error

    [server]
    host = "127.0.0.1"
    port = 8080

    [console]
    theme = "default"               # a name in themes/ or a path
    # language = "id"               # "id" (Bahasa Indonesia) or "en"; absent: id when $LANG starts with id
    read_receipts = "on_reply"      # blue ticks when the chat's holder replies, types or presses m; "on_open": also on opening it

    [sla]
    first_response_minutes = 5      # queue rows turn amber at half of it, red past it

    [assignment]
    mode = "manual"                 # or "round_robin"

    # Opening hours in [business] timezone. Outside them the gateway answers a customer's first message of
    # each closed period with away_message, the header says "closed" and SLA clocks pause. Absent: always open.
    # [business_hours]
    # mon = "08:00-17:00"           # several ranges: "08:00-12:00, 13:00-17:00"; empty or absent: closed
    # tue = "08:00-17:00"
    # wed = "08:00-17:00"
    # thu = "08:00-17:00"
    # fri = "08:00-17:00"
    # sat = "08:00-12:00"
    # holidays = ["2026-12-25"]
    # away_message = "Terima kasih telah menghubungi kami. Kami buka Senin-Jumat 08:00-17:00 WIB dan akan segera membalas."

    [pricing]
    rate_card = ""                  # empty: the bundled Meta rate card; else a folder with the two CSVs

    # [store]
    # group = "cs"                  # an OS group whose members share the store (files 0660, folders 2770)
    # url = "postgres://loket@db.internal/loket"  # a team on several hosts: PostgreSQL instead of the SQLite file

    # Keyboard shortcuts (F6-F9) that push service announcements, once the template is imported:
    # [[announcements.presets]]
    # key = "F6"
    # template = "service_disruption"
    # language = "id"
    # params = ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"]
    # audience = "open"

    """
}

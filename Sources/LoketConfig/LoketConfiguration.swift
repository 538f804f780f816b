import Foundation
public import LoketDomain

/// `loket.toml` (docs/SPEC.md §2). Every section is optional; defaults make a working local setup.
public struct LoketConfiguration: Equatable, Sendable {
    public struct Business: Equatable, Sendable {
        public var name = "My Business"
        public var displayNumber = ""
        public var official = false
        /// The business's IANA time zone: pending times, business hours and report days are read in it.
        public var timeZone = "Asia/Jakarta"
    }
    public struct CloudAPI: Equatable, Sendable {
        public var baseURL = "https://graph.facebook.com/v23.0"
        public var phoneNumberID = ""
        public var wabaID = ""
        public var accessTokenEnv = "LOKET_ACCESS_TOKEN"
        public var appSecretEnv = "LOKET_APP_SECRET"
        public var verifyTokenEnv = "LOKET_VERIFY_TOKEN"
        /// Messages per second Meta allows this number.
        public var throughput = 80
        /// Retries of a send give up this many hours after it was queued, with the last error.
        public var retryForHours = 24
        /// A `base_url` that is not `https://` (other than a loopback address) carries the bearer token in
        /// the clear, so it must be allowed explicitly.
        public var allowInsecureBaseURL = false
    }
    public struct Store: Equatable, Sendable {
        /// An OS group whose members share the store (files 0660, folders 2770); nil: the owner only (0600 / 0700).
        public var group: String?
        /// `[store] url`: a `postgres://` address (docs/SPEC.md §13) used when neither `--store` nor `$LOKET_STORE` names a store.
        public var url: String?
    }
    public struct Server: Equatable, Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
    }
    /// `[media]` (docs/SPEC.md §9).
    public struct Media: Equatable, Sendable {
        /// Where attachments are kept; empty: the store's path with `.media` appended.
        public var dir = ""
        /// Inbound files larger than this many MiB are not fetched.
        public var maxDownloadMB = 100
    }
    public enum AssignmentMode: String, Equatable, Sendable { case manual, roundRobin = "round_robin" }
    /// A keyboard shortcut that pushes a prepared announcement.
    public struct AnnouncementPreset: Equatable, Sendable {
        public var key: String
        public var template: String
        public var language: String
        public var params: [String]
        public var audience: String
        public init(key: String, template: String, language: String, params: [String], audience: String) {
            self.key = key; self.template = template; self.language = language; self.params = params; self.audience = audience
        }
    }

    public var business = Business()
    /// `[business_hours]` (docs/SPEC.md §10); nil when the section is absent: always open.
    public var businessHours: BusinessHours?
    public var cloudAPI = CloudAPI()
    public var server = Server()
    public var store = Store()
    public var media = Media()
    public var theme = "default"
    /// `[console] language`: "id" or "en"; nil follows `$LANG` (docs/SPEC.md §11).
    public var language: String?
    /// `[console] read_receipts` (docs/SPEC.md §9): when the customer gets blue ticks.
    public var readReceipts = ReadReceiptMode.onReply
    public var firstResponseMinutes = 5
    public var assignment = AssignmentMode.manual
    /// Folder with the operator's own rate card CSVs; empty means the bundled Meta card.
    public var rateCardPath = ""
    public var presets: [AnnouncementPreset] = []
    /// Where this configuration was read from (nil: built-in defaults).
    public var file: String?

    public init() {}

    /// Parses the text of a `loket.toml`.
    public init(source: String, file: String) throws(ConfigError) {
        let doc = try TOMLReader(source: source, file: file)
        self.file = file
        if let t = try doc.table("business") {
            business.name = try t.string("name", default: business.name)
            business.displayNumber = try t.string("display_number", default: business.displayNumber)
            business.official = try t.bool("official", default: false)
            business.timeZone = try t.string("timezone", default: business.timeZone)
            guard ZoneName.isKnown(business.timeZone) else {
                throw t.error("timezone", "'\(business.timeZone)' is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Singapore)")
            }
            try t.finish()
        }
        if let t = try doc.table("business_hours") {
            var week: [[Range<Int>]] = Array(repeating: [], count: 7)
            for (i, day) in BusinessHours.dayNames.enumerated() {
                guard let text = try t.string(day) else { continue }
                do { week[i] = try BusinessHours.parseDay(text) } catch { throw t.error(day, error.message) }
            }
            var holidays: Set<String> = []
            for h in try t.strings("holidays") ?? [] {
                do { holidays.insert(try BusinessHours.validateHoliday(h)) } catch { throw t.error("holidays", error.message) }
            }
            let away = try t.string("away_message")
            if let away, !away.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                do { _ = try MessageLimits.validateText(away) } catch { throw t.error("away_message", error.message) }
            }
            businessHours = BusinessHours(week: week, holidays: holidays, awayMessage: away)
            try t.finish()
        }
        if let t = try doc.table("cloud_api") {
            cloudAPI.baseURL = try t.string("base_url", default: cloudAPI.baseURL)
            guard let url = URL(string: cloudAPI.baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  url.host != nil else {
                throw t.error("base_url", "must be an http(s) URL, got '\(cloudAPI.baseURL)'")
            }
            cloudAPI.phoneNumberID = try t.string("phone_number_id", default: "")
            cloudAPI.wabaID = try t.string("waba_id", default: "")
            for (key, keyPath) in [("access_token_env", \CloudAPI.accessTokenEnv), ("app_secret_env", \CloudAPI.appSecretEnv),
                                   ("verify_token_env", \CloudAPI.verifyTokenEnv)] {
                let name = try t.string(key, default: cloudAPI[keyPath: keyPath])
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw t.error(key, "must name an environment variable (letters, digits, _), got '\(name)'")
                }
                cloudAPI[keyPath: keyPath] = name
            }
            cloudAPI.throughput = try t.int("throughput", default: 80, range: 1...10_000)
            cloudAPI.retryForHours = try t.int("retry_for_hours", default: 24, range: 1...720)
            cloudAPI.allowInsecureBaseURL = try t.bool("allow_insecure_base_url", default: false)
            if !cloudAPI.allowInsecureBaseURL, !Self.isSafeBaseURL(cloudAPI.baseURL) {
                throw t.error("base_url", "'\(cloudAPI.baseURL)' is not https:// and not 127.0.0.1, so the access token would travel in the clear; use https:// or set allow_insecure_base_url = true")
            }
            try t.finish()
        }
        if let t = try doc.table("store") {
            let group = try t.string("group", default: "")
            if !group.isEmpty {
                guard group.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                    throw t.error("group", "must name an OS group, got '\(group)'")
                }
                store.group = group
            }
            let url = try t.string("url", default: "")
            if !url.isEmpty {
                guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                    throw t.error("url", "must be a postgres://USER@HOST[:PORT]/DB address, got '\(url)'")
                }
                store.url = url
            }
            try t.finish()
        }
        if let t = try doc.table("media") {
            media.dir = try t.string("dir", default: "")
            media.maxDownloadMB = try t.int("max_download_mb", default: 100, range: 1...2048)
            try t.finish()
        }
        if let t = try doc.table("server") {
            server.host = try t.string("host", default: server.host)
            server.port = try t.int("port", default: server.port, range: 0...65535)
            try t.finish()
        }
        if let t = try doc.table("console") {
            theme = try t.string("theme", default: theme)
            if theme.isEmpty { throw t.error("theme", "must name a theme") }
            language = try t.string("language")
            if let l = language, !["id", "en"].contains(l) { throw t.error("language", "must be \"id\" or \"en\", got '\(l)'") }
            let receipts = try t.string("read_receipts", default: readReceipts.rawValue)
            guard let mode = ReadReceiptMode(rawValue: receipts) else {
                throw t.error("read_receipts", "must be \"on_reply\" or \"on_open\", got '\(receipts)'")
            }
            readReceipts = mode
            try t.finish()
        }
        if let t = try doc.table("sla") {
            firstResponseMinutes = try t.int("first_response_minutes", default: 5, range: 1...10_080)
            try t.finish()
        }
        if let t = try doc.table("assignment") {
            let mode = try t.string("mode", default: "manual")
            guard let m = AssignmentMode(rawValue: mode) else {
                throw t.error("mode", "must be \"manual\" or \"round_robin\", got '\(mode)'")
            }
            assignment = m
            try t.finish()
        }
        if let t = try doc.table("pricing") {
            rateCardPath = try t.string("rate_card", default: "")
            try t.finish()
        }
        if let t = try doc.table("announcements") {
            var keys: Set<String> = []
            for p in try t.tables("presets") {
                guard let key = try p.string("key") else { throw p.error(nil, "preset needs key = \"F6\" (F6-F9)") }
                guard ["F6", "F7", "F8", "F9"].contains(key.uppercased()) else {
                    throw p.error("key", "must be one of F6, F7, F8, F9, got '\(key)'")
                }
                guard keys.insert(key.uppercased()).inserted else { throw p.error("key", "\(key) is bound to two presets") }
                guard let template = try p.string("template"), !template.isEmpty else {
                    throw p.error("template", "preset \(key) needs a template name")
                }
                let audience = try p.string("audience", default: "open")
                do { _ = try AudienceSpec(parsing: audience) } catch { throw p.error("audience", error.message) }
                presets.append(AnnouncementPreset(key: key.uppercased(), template: template,
                                                  language: try p.string("language", default: "id"),
                                                  params: try p.strings("params") ?? [], audience: audience))
                try p.finish()
            }
            try t.finish()
        }
        try doc.finish()
    }

    /// True for `https://` URLs and plain-http ones on a loopback address (the simulator, a local proxy).
    public static func isSafeBaseURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && (host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]")
    }

    /// Reads and parses `path`.
    public static func load(path: String) throws(ConfigError) -> LoketConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) }
        catch { throw ConfigError(file: path, line: nil, key: nil, problem: "cannot read: \((error as NSError).localizedDescription)") }
        return try LoketConfiguration(source: text, file: path)
    }
}

import LoketTestSupport
import Foundation
import Testing
import LoketDomain
@testable import LoketConfig

@Suite struct ConfigurationTests {
    static let specExample = """
    [business]
    name = "Bank Nusantara"
    display_number = "+62 21 5000 1234"
    official = true                 # Official Business Account: the verified badge
    [cloud_api]
    base_url = "https://graph.facebook.com/v23.0"
    phone_number_id = "106540352242922"
    waba_id = "102290129340398"
    access_token_env = "LOKET_ACCESS_TOKEN"   # secrets come from the environment, never the file or the store
    app_secret_env = "LOKET_APP_SECRET"
    verify_token_env = "LOKET_VERIFY_TOKEN"
    throughput = 80                 # messages per second allowed by Meta for this number
    [server]
    host = "127.0.0.1"
    port = 8080
    [console]
    theme = "default"               # a name in themes/ or a path
    [sla]
    first_response_minutes = 5      # queue rows turn amber at half of it, red past it
    [assignment]
    mode = "manual"                 # or "round_robin": new waiting chats go to online agents under capacity
    [pricing]
    rate_card = ""                  # empty: the bundled Meta rate card; else a folder with the two CSVs
    [[announcements.presets]]       # keyboard shortcuts that push service announcements
    key = "F6"
    template = "service_disruption"
    language = "id"
    params = ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"]
    audience = "open"
    """

    @Test func parsesTheSpecExample() throws {
        let c = try LoketConfiguration(source: Self.specExample, file: "loket.toml")
        #expect(c.business.name == "Bank Nusantara" && c.business.official)
        #expect(c.cloudAPI.phoneNumberID == "106540352242922" && c.cloudAPI.throughput == 80)
        #expect(c.server.port == 8080 && c.theme == "default" && c.firstResponseMinutes == 5)
        #expect(c.assignment == .manual)
        #expect(c.presets == [.init(key: "F6", template: "service_disruption", language: "id",
                                    params: ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"], audience: "open")])
    }

    @Test func emptyFileMeansDefaults() throws {
        let c = try LoketConfiguration(source: "", file: "loket.toml")
        #expect(c.server == .init() && c.assignment == .manual && c.cloudAPI.accessTokenEnv == "LOKET_ACCESS_TOKEN")
        #expect(c.readReceipts == .onReply)
        #expect(c.cloudAPI.retryForHours == 24)
    }

    @Test func retryForHoursIsAWholeNumberOfHours() throws {
        #expect(try LoketConfiguration(source: "[cloud_api]\nretry_for_hours = 6\n", file: "loket.toml").cloudAPI.retryForHours == 6)
        #expect(error(replacing: "throughput = 80", with: "throughput = 80\nretry_for_hours = 0")
            == "loket.toml:13: [cloud_api] retry_for_hours: must be 1-720, got 0")
    }

    @Test func readReceiptsAreOnReplyOrOnOpen() throws {
        let c = try LoketConfiguration(source: "[console]\nread_receipts = \"on_open\"\n", file: "loket.toml")
        #expect(c.readReceipts == .onOpen)
        #expect(error(replacing: "theme = \"default\"", with: "theme = \"default\"\nread_receipts = \"always\"")
            == "loket.toml:18: [console] read_receipts: must be \"on_reply\" or \"on_open\", got 'always'")
    }

    func error(replacing old: String, with new: String) -> String {
        let text = Self.specExample.replacingOccurrences(of: old, with: new)
        do { _ = try LoketConfiguration(source: text, file: "loket.toml"); return "accepted" }
        catch { return error.description }
    }

    @Test func errorsNameFileLineAndKey() {
        #expect(error(replacing: "port = 8080", with: "port = 70000") == "loket.toml:15: [server] port: must be 0-65535, got 70000")
        #expect(error(replacing: "port = 8080", with: "port = \"8080\"") == "loket.toml:15: [server] port: must be a whole number, got string")
        #expect(error(replacing: "official = true", with: "official = \"yes\"") .hasPrefix("loket.toml:4: [business] official: must be true or false"))
        #expect(error(replacing: "mode = \"manual\"", with: "mode = \"random\"") .hasPrefix("loket.toml:21: [assignment] mode: must be"))
        #expect(error(replacing: "throughput = 80", with: "throughput = 80\nthroughputs = 5") == "loket.toml:13: [cloud_api] throughputs: unknown key")
        #expect(error(replacing: "key = \"F6\"", with: "key = \"F12\"") .hasPrefix("loket.toml:25: [announcements.presets] key: must be one of F6"))
        #expect(error(replacing: "audience = \"open\"", with: "audience = \"everyone\"") .hasPrefix("loket.toml:29: [announcements.presets] audience: audience 'everyone'"))
        #expect(error(replacing: "base_url = \"https://graph.facebook.com/v23.0\"", with: "base_url = \"graph\"") .hasPrefix("loket.toml:6: [cloud_api] base_url"))
        #expect(error(replacing: "access_token_env = \"LOKET_ACCESS_TOKEN\"", with: "access_token_env = \"EAAB token!\"") .hasPrefix("loket.toml:9: [cloud_api] access_token_env"))
        // A TOML syntax error carries TOML's own line.
        #expect(error(replacing: "port = 8080", with: "port = = 8080").hasPrefix("loket.toml:15: "))
        #expect(error(replacing: "[sla]", with: "[sla]\n[sla]").hasPrefix("loket.toml:19: "))
    }

    /// `[business_hours]` (docs/SPEC.md §10): days, holidays and the away message; a wrong schedule is `file:line`.
    @Test func businessHoursAreReadAndAWrongScheduleIsFileAndLine() throws {
        let hours = """
            [business_hours]
            mon = "08:00-17:00"
            tue = "08:00-12:00, 13:00-17:00"
            sat = ""
            holidays = ["2026-12-25"]
            away_message = "Kami buka Senin–Jumat."
            """
        let c = try LoketConfiguration(source: Self.specExample + "\n" + hours, file: "loket.toml")
        let h = try #require(c.businessHours)
        #expect(h.week[1] == [480..<1020] && h.week[2] == [480..<720, 780..<1020] && h.week[6].isEmpty && h.week[0].isEmpty)
        #expect(h.holidays == ["2026-12-25"] && h.awayMessage == "Kami buka Senin–Jumat.")
        #expect(try LoketConfiguration(source: Self.specExample, file: "loket.toml").businessHours == nil, "absent: always open")
        let lines = Self.specExample.components(separatedBy: "\n").count
        func bad(_ from: String, _ to: String) -> String {
            do { _ = try LoketConfiguration(source: Self.specExample + "\n" + hours.replacingOccurrences(of: from, with: to), file: "loket.toml") }
            catch { return error.description }
            return "accepted"
        }
        #expect(bad("mon = \"08:00-17:00\"", "mon = \"8 to 5\"").hasPrefix("loket.toml:\(lines + 2): [business_hours] mon: '8 to 5' is not opening hours"))
        #expect(bad("tue = \"08:00-12:00, 13:00-17:00\"", "tue = \"17:00-08:00\"").hasPrefix("loket.toml:\(lines + 3): [business_hours] tue:"))
        #expect(bad("2026-12-25", "2026-13-01").hasPrefix("loket.toml:\(lines + 5): [business_hours] holidays: holiday '2026-13-01'"))
        #expect(bad("sat = \"\"", "saturday = \"\"").hasPrefix("loket.toml:\(lines + 4): [business_hours] saturday: unknown key"))
    }

    @Test func secondPresetErrorsPointAtTheSecondPreset() {
        let text = Self.specExample + "\n[[announcements.presets]]\nkey = \"F6\"\ntemplate = \"x\"\n"
        do { _ = try LoketConfiguration(source: text, file: "loket.toml"); Issue.record("accepted a duplicate key") }
        catch { #expect(error.description == "loket.toml:31: [announcements.presets] key: F6 is bound to two presets") }
    }

    @Test func missingFileIsReported() {
        #expect(throws: ConfigError.self) { try LoketConfiguration.load(path: "/nonexistent/loket.toml") }
    }

    @Test func bundledRateCardIsMetas() throws {
        let card = try RateCardLoader.bundled()
        #expect(card.currency == "USD")
        let budi = try PhoneNumber("+6281234567890")
        #expect(card.market(of: budi) == "Indonesia")
        #expect(card.price(category: .marketing, to: budi, windowOpen: false).cost.decimalString == "0.0411")
        #expect(card.market(of: try PhoneNumber("+12045551234")) == "North America") // Canada, 1204
    }

    @Test func operatorRateCardFolder() throws {
        let dir = ScratchDirectory.make("ratecard")
        try "market,currency,marketing,utility,authentication,authentication_international,service\nOther,IDR,650,120,120,,0\n"
            .write(toFile: dir + "/mine.csv", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try RateCardLoader.load(directory: dir) }
        try "prefix,iso2,country,market\n62,ID,Indonesia,Other\n".write(toFile: dir + "/calling-codes.csv", atomically: true, encoding: .utf8)
        let card = try RateCardLoader.load(directory: dir)
        #expect(card.currency == "IDR")
        #expect(card.price(category: .marketing, to: try PhoneNumber("+6281234567890"), windowOpen: false).cost.micros == 650_000_000)
    }
}

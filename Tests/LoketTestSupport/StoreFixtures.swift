public import Foundation
public import LoketDomain
public import LoketStore

/// A clock tests can move.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    public var now: Date { lock.withLock { current } }
    public func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// What store tests share: a small rate card (Indonesia and one other market) and inbound text messages.
public enum Fixtures {
    public static let rates = """
    market,currency,marketing,utility,authentication,authentication_international,service
    Indonesia,USD,0.0411,0.0250,0.0250,0.1360,0
    Other,USD,0.0604,0.0077,0.0077,,0
    """
    public static let codes = """
    prefix,iso2,country,market
    62,ID,Indonesia,Indonesia
    86,CN,China,Other
    """
    public static let rateCard = try! RateCard(ratesCSV: rates, callingCodesCSV: codes)

    public static func tempPath(_ name: String = "loket.db") -> String {
        ScratchDirectory.make("store") + "/" + name
    }

    public static func inbound(_ wamid: String, from number: String, _ body: String, at: Date, name: String = "Budi Santoso") -> InboundMessage {
        InboundMessage(wamid: wamid, from: .phone(try! PhoneNumber(number)), profileName: name, timestamp: at,
                       kind: .text, body: body)
    }

    /// Adds the team store tests use: supervisor rudi, agents sari and budi.
    public static func seedTeam(_ s: any TeamAdministration) async throws {
        try await s.addAgent(login: "rudi", name: "Rudi Hartono", role: .supervisor, capacity: 10)
        try await s.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 5)
        try await s.addAgent(login: "budi", name: "Budi Agent", role: .agent, capacity: 5)
    }
}

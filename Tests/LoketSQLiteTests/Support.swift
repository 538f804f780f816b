import LoketTestSupport
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

enum Fixtures {
    static let rates = """
    market,currency,marketing,utility,authentication,authentication_international,service
    Indonesia,USD,0.0411,0.0250,0.0250,0.1360,0
    Other,USD,0.0604,0.0077,0.0077,,0
    """
    static let codes = """
    prefix,iso2,country,market
    62,ID,Indonesia,Indonesia
    86,CN,China,Other
    """
    static let rateCard = try! RateCard(ratesCSV: rates, callingCodesCSV: codes)

    static func tempPath(_ name: String = "loket.db") -> String {
        ScratchDirectory.make("store") + "/" + name
    }

    /// A store with supervisor rudi and agents sari and budi.
    static func store(clock: TestClock = TestClock(), path: String = tempPath()) async throws -> SQLiteStore {
        let s = try SQLiteStore(path: path, rateCard: rateCard, clock: { clock.now })
        try await s.addAgent(login: "rudi", name: "Rudi Hartono", role: .supervisor, capacity: 10)
        try await s.addAgent(login: "sari", name: "Sari Dewi", role: .agent, capacity: 5)
        try await s.addAgent(login: "budi", name: "Budi Agent", role: .agent, capacity: 5)
        return s
    }

    static func inbound(_ wamid: String, from number: String, _ body: String, at: Date, name: String = "Budi Santoso") -> InboundMessage {
        InboundMessage(wamid: wamid, from: .phone(try! PhoneNumber(number)), profileName: name, timestamp: at,
                       kind: .text, body: body)
    }
}

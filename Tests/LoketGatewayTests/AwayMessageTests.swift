import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import NIOCore
import Testing

/// Business hours on a fixed clock (docs/SPEC.md §10): the away message once per closed period per
/// customer, again after an agent answered, never on a holiday's second message, never to an opted-out
/// customer; and through the webhook, after the 200.
@Suite struct AwayMessageTests {
    /// Fri 27 Nov 2026 17:00 WIB.
    static let fridayFive = Date(timeIntervalSince1970: 1_795_773_600)
    static let hours = try! BusinessHours(
        week: [[]] + Array(repeating: BusinessHours.parseDay("08:00-17:00"), count: 5) + [[]],
        holidays: ["2026-12-25"], awayMessage: "Terima kasih, kami buka Senin–Jumat 08:00–17:00 WIB.")
    static let budi = PhoneNumber(trustedDigits: "6281234567890")

    struct Rig {
        let clock: ManualClock
        let store: SQLiteStore
        let away: AwayResponder
        let metrics = GatewayMetrics()

        init(at start: Date) async throws {
            let clock = ManualClock(now: start)
            self.clock = clock
            store = try await makeStore(clock: { clock.now })
            var logger = Logger(label: "test.away")
            logger.logLevel = .critical
            away = AwayResponder(store: store, hours: AwayMessageTests.hours, timeZone: "Asia/Jakarta", clock: clock, metrics: metrics, logger: logger)
        }

        /// Budi writes now; the responder runs as the gateway runs it after the commit.
        func budiWrites(_ text: String) async throws {
            let r = try await store.ingest(InboundBatch(messages: [InboundMessage(
                wamid: "wamid.\(UUID().uuidString)", from: .phone(AwayMessageTests.budi), profileName: "Budi Santoso",
                timestamp: clock.now, kind: .text, body: text)]))
            await away.answer(r.customersWrote)
        }

        func awayMessages() async throws -> [Message] {
            let c = try await store.conversation(.customer(AwayMessageTests.budi), for: nil)
            return try await store.messages(in: c.id, before: nil, limit: 100).filter { $0.body == AwayMessageTests.hours.awayMessage }
        }

        func at(_ date: Date) { clock.advance(by: date.timeIntervalSince(clock.now)) }
    }

    @Test func onceAClosedPeriodAndAgainAfterAnAgentAnswered() async throws {
        let rig = try await Rig(at: Self.fridayFive.addingTimeInterval(-60))
        try await rig.budiWrites("Halo, kartu saya terblokir")
        #expect(try await rig.awayMessages().isEmpty, "16:59: open")
        rig.at(Self.fridayFive.addingTimeInterval(60))
        try await rig.budiWrites("Halo?")
        let first = try await rig.awayMessages()
        #expect(first.count == 1 && first[0].status == .queued && first[0].direction == .outbound, "17:01: the away message")
        rig.at(Self.fridayFive.addingTimeInterval(5 * 60))
        try await rig.budiWrites("Ada orang?")
        #expect(try await rig.awayMessages().count == 1, "17:05: not again")
        // It is not an answer: the chat still waits for an agent.
        let c = try await rig.store.conversation(.customer(Self.budi), for: nil)
        #expect(c.state == .waiting && c.waitingSince != nil)
        // An agent answers on Friday evening; Budi writes again on Saturday: the away message again.
        try await rig.store.claim(.customer(Self.budi), by: "sari")
        _ = try await rig.store.reply(.customer(Self.budi), by: "sari", text: "Besok kami bantu ya", replyTo: nil)
        rig.at(Self.fridayFive.addingTimeInterval(17 * 3600))
        try await rig.budiWrites("Selamat pagi")
        #expect(try await rig.awayMessages().count == 2, "Saturday's first message after a reply")
        try await rig.budiWrites("Halo lagi")
        #expect(try await rig.awayMessages().count == 2)
        #expect(rig.metrics.value("loket_away_messages_total") == 2)
    }

    @Test func aHolidaysSecondMessageGetsNothingAndOptedOutCustomersNever() async throws {
        // Christmas 2026 is a Friday, 10:00 WIB.
        let christmas = Self.fridayFive.addingTimeInterval(28 * 86_400 - 7 * 3600)
        let rig = try await Rig(at: christmas)
        try await rig.budiWrites("Halo")
        try await rig.budiWrites("Halo??")
        #expect(try await rig.awayMessages().count == 1, "a holiday is closed: once")
        // STOP opts out; on Monday evening he writes again: nothing goes to an opted-out customer.
        try await rig.budiWrites("STOP")
        rig.at(christmas.addingTimeInterval(3 * 86_400 + 9 * 3600))
        try await rig.budiWrites("Halo")
        #expect(try await rig.awayMessages().count == 1)
    }

    @Test func theWebhookIsAnsweredFirstThenTheAwayMessageIsQueued() async throws {
        let clock = ManualClock(now: Self.fridayFive.addingTimeInterval(3600))
        let store = try await makeStore(clock: { clock.now })
        var s = settings()
        s.clock = clock
        s.businessHours = Self.hours
        s.timeZone = "Asia/Jakarta"
        let gateway = try Gateway(settings: s, store: store, logger: Logger(label: "test"))
        let app = Application(router: gateway.routes.router())
        try await app.test(.router) { client in
            let payload = WebhookPayloads.messages([WebhookPayloads.text(wamid: "wamid.night", from: Self.budi.digits, body: "Halo malam")],
                                                   contacts: [(Self.budi.digits, "Budi Santoso")], phoneNumberID: Secrets.phoneNumberID)
            let r = try await client.execute(uri: "/webhook", method: .post, headers: signed(payload), body: ByteBuffer(bytes: Array(payload)))
            #expect(r.status == .ok)
            #expect(try await waitUntil(10) {
                let c = try await store.conversation(.customer(Self.budi), for: nil)
                return try await store.messages(in: c.id, before: nil, limit: 10).contains { $0.body == Self.hours.awayMessage }
            }, "queued after the commit, without waiting on the 200")
        }
        #expect(gateway.metrics.value("loket_away_messages_total") == 1)
    }
}

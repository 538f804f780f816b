import Foundation
import Testing
import LoketDomain
@testable import LoketSQLite
import GRDB
import LoketStore
import LoketTestSupport

@Suite struct StoreTests {
    let budi = "+6281234567890"

    @Test func reopeningMigratesNothingTwice() async throws {
        let path = Fixtures.tempPath()
        _ = try await Fixtures.store(path: path)
        let again = try SQLiteStore(path: path)
        #expect(try await again.agents().map(\.login) == ["budi", "rudi", "sari"])
    }

    /// Migration v4 fills the spend buckets from messages priced before it existed.
    @Test func theSpendBucketsMigrationRefillsFromPricedMessages() async throws {
        let clock = TestClock()
        let s = try await Fixtures.store(clock: clock)
        try await s.importHistory([
            HistoryImport(customer: .phone(try PhoneNumber(budi)), profileName: "Budi", state: .resolved, assignee: "sari", lines: [
                .init(direction: .inbound, body: "halo", at: clock.now.addingTimeInterval(-48 * 3600)),
                .init(direction: .outbound, kind: .template, body: "Promo", at: clock.now, status: .sent, agent: "rudi",
                      wamid: "wamid.T1", templateName: "promo", templateCategory: .marketing),
            ]),
        ])
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.T1", status: .delivered, timestamp: clock.now, pricingCategory: "marketing")]))
        let report = try await s.costReport(since: nil)
        #expect(report.total.micros == 41_100)
        try await s.write { db in
            try db.execute(sql: "DROP TABLE spend_buckets")
            try Schema.v4(db)
        }
        #expect(try await s.costReport(since: Date(timeIntervalSince1970: (clock.now.timeIntervalSince1970 / 900).rounded(.down) * 900)) == report)
        #expect(try await s.costReport(since: nil) == report)
    }
}

/// Attachments received before the store kept them (schema v12) get their row from the payload they kept.
@Suite struct MediaMigrationTests {
    @Test func mediaMessagesFromBeforeV12AreDueForDownload() async throws {
        let path = Fixtures.tempPath()
        let store = try SQLiteStore(path: path)
        let from = CustomerKey.phone(PhoneNumber(trustedDigits: "6281234567890"))
        try await store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.old.1", from: from, profileName: "Budi", timestamp: Date(), kind: "image", body: "[image] struk",
                           payload: #"{"type":"image","image":{"id":"1003383421387256","mime_type":"image/jpeg","sha256":"SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=","caption":"struk"}}"#),
            InboundMessage(wamid: "w.old.2", from: from, profileName: "Budi", timestamp: Date(), kind: "audio", body: "[voice message]",
                           payload: #"{"type":"audio","audio":{"id":"77","mime_type":"audio/ogg","voice":true}}"#),
            InboundMessage(wamid: "w.old.3", from: from, profileName: "Budi", timestamp: Date(), kind: "document", body: "[document] x.pdf"),
        ]))
        // Back to how a v11 store looked: no media table, v12 not applied.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE media; DELETE FROM grdb_migrations WHERE identifier = 'v12'")
        }
        try queue.close()
        let upgraded = try SQLiteStore(path: path)
        let media = try await upgraded.messages(in: 1, before: nil, limit: 10).compactMap(\.media)
        #expect(media.map(\.state) == [.fetching, .fetching, .failed])
        #expect(media[0].mediaID == "1003383421387256" && media[0].mimeType == "image/jpeg" && media[0].sha256?.hasSuffix("=") == true)
        #expect(media[1].voice && media[1].kind == .audio)
        #expect(try await upgraded.takeDueMedia(now: Date().addingTimeInterval(1), limit: 10, owner: "t").map(\.mediaID) == ["1003383421387256", "77"])
    }
}

import Crypto
import Foundation
import Logging
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketMedia
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// Customers' attachments fetched from the simulator (docs/SPEC.md §9): kept whole by content hash, checked against
/// Meta's sha256, retried with backoff on the gateway's clock, expired when Meta no longer has them.
@Suite struct MediaFetchTests {
    static let photo = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

    func onlyConversation(_ store: SQLiteStore) async throws -> ConversationSummary {
        try #require(try await store.conversations(state: nil, for: nil).first)
    }

    func media(_ store: SQLiteStore) async throws -> MessageMedia? {
        guard let c = try await store.conversations(state: nil, for: nil).first else { return nil }
        return try await store.messages(in: c.id, before: nil, limit: 10).compactMap(\.media).first
    }

    @Test func aCustomersPhotoIsFetchedVerifiedAndKeptByItsHash() async throws {
        let folder = ScratchDirectory.make("media") + "/kept"
        let rig = try await LiveRig(store: try await makeStore(), mediaFolder: folder)
        try await rig.simulator.customerSendsMedia(from: "6281234567890", name: "Budi", kind: .image, bytes: Self.photo,
                                                   mimeType: "image/jpeg", caption: "struk ATM")
        #expect(try await rig.eventually { try await media(rig.store)?.state == .ready })
        let m = try #require(try await media(rig.store))
        let hex = SHA256.hash(data: Self.photo).map { String(format: "%02x", $0) }.joined()
        #expect(m.file == folder + "/\(hex).jpg" && m.size == Self.photo.count && m.mimeType == "image/jpeg")
        #expect(FileManager.default.contents(atPath: m.file ?? "") == Self.photo)
        #expect(rig.gateway.metrics.value("loket_media_fetched_total") == 1)
        #expect(rig.gateway.metrics.value("loket_media_bytes_total") == Double(Self.photo.count))
        // Nothing but whole files in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["\(hex).jpg"])
        let c = try await onlyConversation(rig.store)
        #expect(c.lastMessagePreview.contains("struk ATM"))
        await rig.stop()
    }

    @Test func aFileOverTheCapIsNotFetched() async throws {
        let folder = ScratchDirectory.make("media")
        let rig = try await LiveRig(store: try await makeStore(), mediaFolder: folder, maxDownloadBytes: 50_000)
        try await rig.simulator.customerSendsMedia(from: "6281234567891", name: "Ani", kind: .document, bytes: Data("%PDF-1.4 tiny".utf8),
                                                   mimeType: "application/pdf", fileName: "rekening.pdf")
        try await rig.simulator.customerSendsMedia(from: "6281234567892", name: "Citra", kind: .image, bytes: Self.photo, mimeType: "image/jpeg")
        #expect(try await rig.eventually {
            let all = try await rig.store.conversations(state: nil, for: nil)
            var states: [MediaState] = []
            for c in all { states += try await rig.store.messages(in: c.id, before: nil, limit: 5).compactMap(\.media?.state) }
            return states.sorted { $0.rawValue < $1.rawValue } == [.ready, .tooLarge]
        })
        #expect(rig.simulator.mediaDownloads == 1, "the file over the cap was never downloaded")
        #expect(rig.gateway.metrics.value("loket_media_too_large_total") == 1)
        await rig.stop()
    }

    @Test func anExpiredMediaIDIsMarkedExpiredNotRetriedForEver() async throws {
        let store = try await makeStore()
        let folder = ScratchDirectory.make("media")
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        let port = try await simulator.start()
        let id = simulator.addMedia(Data("gone".utf8), mimeType: "image/jpeg")
        simulator.expireMedia(id)
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.exp.1", from: .phone(PhoneNumber(trustedDigits: "6281234567893")), profileName: "Dewi", timestamp: Date(),
            kind: "image", body: "[image]", media: MessageMedia(kind: .image, mediaID: id, mimeType: "image/jpeg"))]))
        let clock = ManualClock(now: Date())
        let metrics = GatewayMetrics()
        let fetcher = MediaFetcher(store: store, client: Self.client(port), folder: MediaFolder(path: folder), maxBytes: 1 << 20,
                                   concurrency: 2, metrics: metrics, logger: Logger(label: "test"), clock: clock)
        let running = Task { try await fetcher.run() }
        #expect(try await waitUntil(10) { try await media(store)?.state == .expired })
        #expect(try await media(store)?.lastError?.contains("does not exist") == true)
        #expect(metrics.value("loket_media_expired_total") == 1)
        running.cancel()
        await fetcher.stop()
        await simulator.stop()
    }

    static func client(_ port: Int) -> CloudAPIClient {
        CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: Secrets.accessToken, timeout: 5)
    }

    /// A download whose bytes do not match Meta's sha256 is thrown away and tried again later on the fetcher's
    /// clock; one that keeps failing is given up after ``MediaRetry/maxAttempts`` with the alarm.
    @Test func aChecksumMismatchIsRejectedRetriedAndGivenUpOnAfterTheLastAttempt() async throws {
        let store = try await makeStore()
        let folder = ScratchDirectory.make("media")
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        let port = try await simulator.start()
        let good = simulator.addMedia(Self.photo, mimeType: "image/png")
        let bad = simulator.addMedia(Data("never right".utf8), mimeType: "image/png")
        simulator.corruptMedia(good, times: 2)
        simulator.corruptMedia(bad, times: 1000)
        let now = Date()
        try await store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "wamid.sha.1", from: .phone(PhoneNumber(trustedDigits: "6281234567894")), profileName: "Eka", timestamp: now,
                           kind: "image", body: "[image]", media: MessageMedia(kind: .image, mediaID: good)),
            InboundMessage(wamid: "wamid.sha.2", from: .phone(PhoneNumber(trustedDigits: "6281234567895")), profileName: "Fajar", timestamp: now,
                           kind: "image", body: "[image]", media: MessageMedia(kind: .image, mediaID: bad)),
        ]))
        let clock = ManualClock(now: now)
        let metrics = GatewayMetrics()
        let fetcher = MediaFetcher(store: store, client: Self.client(port), folder: MediaFolder(path: folder), maxBytes: 1 << 20,
                                   concurrency: 2, metrics: metrics, logger: Logger(label: "test"), clock: clock)
        let running = Task { try await fetcher.run() }
        func states() async throws -> [String: MediaState] {
            var out: [String: MediaState] = [:]
            for c in try await store.conversations(state: nil, for: nil) {
                for m in try await store.messages(in: c.id, before: nil, limit: 5) { if let s = m.media?.state { out[m.wamid ?? ""] = s } }
            }
            return out
        }
        // First attempts fail on both; nothing is kept.
        #expect(await waitUntil(10) { metrics.value("loket_media_checksum_mismatches_total") >= 2 })
        #expect(try await states() == ["wamid.sha.1": .fetching, "wamid.sha.2": .fetching])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "a rejected download leaves nothing behind")
        // Time moves on the fetcher's clock only: the good one is kept on its third attempt, the bad one given up on.
        #expect(try await waitUntil(20) {
            clock.advance(by: MediaRetry.longestDelay)
            return try await states() == ["wamid.sha.1": .ready, "wamid.sha.2": .failed]
        })
        #expect(metrics.value("loket_media_failed_total") == 1)
        #expect(metrics.value("loket_media_fetched_total") == 1)
        let fajar = try #require(try await store.conversations(state: nil, for: nil).first { $0.customer.profileName == "Fajar" })
        let failed = try #require(try await store.messages(in: fajar.id, before: nil, limit: 5).compactMap(\.media).first)
        #expect(failed.lastError?.contains("sha256 mismatch") == true)
        running.cancel()
        await fetcher.stop()
        await simulator.stop()
    }
}

/// An agent's attachment (docs/SPEC.md §9): uploaded by multipart and sent by its new id in one outbox job.
@Suite struct MediaFolderTests {
    @Test func theSameContentKeptTwiceIsOneFileAndTheSecondIsNotNew() throws {
        let path = ScratchDirectory.make("media") + "/kept"
        let folder = MediaFolder(path: path)
        let first = try folder.keep(Data("bukti transfer".utf8), extension: "txt")
        let second = try folder.keep(Data("bukti transfer".utf8), extension: "txt")
        #expect(first.isNew && !second.isNew)
        #expect(first.path == second.path && first.sha256 == second.sha256)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == [first.sha256 + ".txt"], "no temporary file is left")
        // A folder removed while the gateway runs is made again by the next file.
        try FileManager.default.removeItem(atPath: path)
        let third = try folder.keep(Data("slip gaji".utf8), extension: "txt")
        #expect(third.isNew && FileManager.default.fileExists(atPath: third.path))
    }
}

@Suite struct MediaSendTests {
    @Test func anAttachmentIsUploadedThenSentByItsIDWithItsCaption() async throws {
        let store = try await makeStore()
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.att.1", from: .phone(PhoneNumber(trustedDigits: "6281234567896")), profileName: "Gita", timestamp: Date(),
            kind: .text, body: "Kirim formulirnya ya")]))
        let c = try #require(try await store.conversations(state: nil, for: nil).first)
        try await store.claim(.id(c.id), by: "sari")
        let dir = ScratchDirectory.make("attach")
        let pdf = Data("%PDF-1.4\n% formulir keberatan\n".utf8) + Data(repeating: 0x20, count: 3000)
        try pdf.write(to: URL(fileURLWithPath: dir + "/formulir.pdf"))
        let folder = MediaFolder(path: dir + "/media")
        let m = try await AttachmentIntake.send(path: dir + "/formulir.pdf", folder: folder) { a in
            try await store.sendAttachment(.id(c.id), by: "sari", attachment: a, caption: "Formulir keberatan", replyTo: nil)
        }
        #expect(m.kind.rawValue == "document" && m.media?.fileName == "formulir.pdf" && m.status == .queued)
        let rig = try await LiveRig(store: store)
        #expect(try await rig.eventually {
            let status = try await store.messages(in: c.id, before: nil, limit: 5).last?.status
            return status == .sent || status == .delivered || status == .read
        })
        let upload = try #require(rig.simulator.uploadedMedia.first)
        #expect(rig.simulator.uploadedMedia.count == 1 && upload.mimeType == "application/pdf" && upload.size == pdf.count)
        #expect(rig.simulator.media(upload.id)?.bytes == pdf && rig.simulator.media(upload.id)?.fileName == "formulir.pdf")
        let sent = rig.simulator.acceptedRequests.filter { $0.type == "document" }
        #expect(sent.count == 1 && sent[0].text == "document Formulir keberatan (formulir.pdf)")
        await rig.stop()
    }

    @Test func aFileMissingFromTheMediaFolderFailsTheMessageWithTheReason() async throws {
        let store = try await makeStore()
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.att.2", from: .phone(PhoneNumber(trustedDigits: "6281234567897")), profileName: "Hadi", timestamp: Date(),
            kind: .text, body: "Halo")]))
        let c = try #require(try await store.conversations(state: nil, for: nil).first)
        try await store.claim(.id(c.id), by: "sari")
        let gone = OutgoingAttachment(kind: .image, file: ScratchDirectory.make("x") + "/nope.jpg", mimeType: "image/jpeg", size: 10,
                                      sha256: "00", fileName: "nope.jpg")
        _ = try await store.sendAttachment(.id(c.id), by: "sari", attachment: gone, caption: nil, replyTo: nil)
        let rig = try await LiveRig(store: store)
        #expect(try await rig.eventually { try await store.messages(in: c.id, before: nil, limit: 5).last?.status == .failed })
        #expect(try await store.messages(in: c.id, before: nil, limit: 5).last?.errorTitle?.contains("missing from the media folder") == true)
        #expect(rig.simulator.acceptedRequests.isEmpty)
        await rig.stop()
    }
}

/// A burst of photos is fetched a few at a time.
@Suite struct MediaBurstTests {
    @Test func aBurstOfPhotosIsFetchedAFewAtATime() async throws {
        let folder = ScratchDirectory.make("media")
        let rig = try await LiveRig(store: try await makeStore(), mediaFolder: folder)
        rig.simulator.mediaDownloadDelay = 0.05
        for i in 0..<40 {
            let photo = Data("foto \(i) ".utf8) + Data(repeating: UInt8(i), count: 2000)
            try await rig.simulator.customerSendsMedia(from: "62812000\(String(format: "%05d", i))", name: "Nasabah \(i)", kind: .image,
                                                       bytes: photo, mimeType: "image/jpeg", caption: "bukti \(i)")
        }
        // Every webhook was stored before it was answered, whatever the downloads were doing (webhook latency
        // during a burst is measured by loket-bench media.burst, not here).
        #expect(try await rig.store.conversations(state: nil, for: nil).count == 40)
        #expect(await rig.eventually(20) { rig.gateway.metrics.value("loket_media_fetched_total") == 40 })
        #expect(rig.simulator.mostConcurrentDownloads <= 4 && rig.simulator.mostConcurrentDownloads >= 2,
                "at most four at once (\(rig.simulator.mostConcurrentDownloads))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 40)
        await rig.stop()
    }
}

/// The simulator answers media requests as Meta does: a wrong token is 190, an upload over the type's limit 131053.
@Suite struct SimulatedMediaAnswersTests {
    @Test func aWrongTokenAndATooLargeUploadAreAnsweredAsMetaDoes() async throws {
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        let port = try await simulator.start()
        let dir = ScratchDirectory.make("answers")
        let id = simulator.addMedia(Data("struk".utf8), mimeType: "image/jpeg")
        let wrong = CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: "EAAwrong", timeout: 5)
        let answer = await wrong.download(mediaID: id, expectedSHA256: nil, into: MediaFolder(path: dir + "/m"), maxBytes: 1 << 20)
        guard case .failed(let reason, let checksum) = answer else { Issue.record("a wrong token is a failure to retry: \(answer)"); return }
        #expect(reason.contains("#190") && !checksum, "\(reason)")
        #expect(simulator.mediaDownloads == 0)
        // An upload over Meta's limit for its type (the store refuses such a file before it is queued; this is the wire).
        let big = dir + "/besar.jpg"
        try (Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 0, count: 6 << 20)).write(to: URL(fileURLWithPath: big))
        let item = OutboxItem(id: 1, messageID: 1, to: .phone(PhoneNumber(trustedDigits: "6281234567899")),
                              payload: .media(OutgoingAttachment(kind: .image, file: big, mimeType: "image/jpeg", size: (6 << 20) + 4,
                                                                 sha256: "", fileName: "besar.jpg"), caption: nil, replyTo: nil),
                              attempts: 1)
        let sent = try await MediaFetchTests.client(port).send(item)
        guard case .error(let e) = sent else { Issue.record("a too-large upload is refused: \(sent)"); return }
        #expect(e.code == 131053 && e.httpStatus == 400)
        #expect(SendPolicy.decide(sent, transportError: nil, attempt: 1) == .fail(code: 131053, reason: e.description), "not retried")
        #expect(simulator.acceptedRequests.isEmpty && simulator.uploadedMedia.isEmpty)
        await simulator.stop()
    }
}

import Foundation
import LoketCloudAPI
import LoketDomain
import LoketMedia
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// A real `loket serve` killed with SIGKILL in the middle of a download and in the middle of an upload: no half
/// file is ever kept under a final name, the download is finished by the next gateway, and the attachment is
/// sent once (an upload may be repeated; the message never is).
@Suite(.serialized) struct MediaDurabilityTests {
    static let photo = Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) })

    func kept(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
    }

    @Test func aGatewayKilledDuringADownloadLeavesNoHalfFileAndTheNextOneFinishesIt() async throws {
        let (dir, simulator, store) = try await DurabilityTests.serveDirectory(throughput: 80)
        let env = DurabilityTests.environment(dir: dir, extra: ["LOKET_ACCESS_TOKEN": Secrets.accessToken])
        let daemon = DurabilityTests.Daemon(dir: dir, env: env)
        try await daemon.start()
        simulator.webhookURL = "http://127.0.0.1:\(daemon.port)/webhook"
        simulator.mediaDownloadDelay = 30
        try await simulator.customerSendsMedia(from: "6281234500001", name: "Budi", kind: .image, bytes: Self.photo, mimeType: "image/jpeg",
                                               caption: "struk")
        #expect(await waitUntil(15) { simulator.downloadsRunning == 1 }, "the download started")
        await daemon.kill9()
        let folder = dir + "/loket.db.media"
        #expect(kept(folder).isEmpty, "nothing under a final name: \(kept(folder))")
        let c = try #require(try await store.conversations(state: nil, for: nil).first)
        #expect(try await store.messages(in: c.id, before: nil, limit: 5).compactMap(\.media).first?.state == .fetching)
        // The next gateway takes the download over once the dead one's lease has run out, and keeps it whole.
        simulator.mediaDownloadDelay = 0
        // A new gateway on a port of its own (the old one's may be another test's by now).
        let next = DurabilityTests.Daemon(dir: dir, env: env)
        try await next.start()
        simulator.webhookURL = "http://127.0.0.1:\(next.port)/webhook"
        #expect(try await waitUntil(30) { try await store.messages(in: c.id, before: nil, limit: 5).compactMap(\.media).first?.state == .ready },
                "\(next.current?.stderr ?? "")")
        let media = try #require(try await store.messages(in: c.id, before: nil, limit: 5).compactMap(\.media).first)
        #expect(FileManager.default.contents(atPath: media.file ?? "") == Self.photo)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [(media.file! as NSString).lastPathComponent],
                "the partial file of the killed gateway is gone")
        await next.stop()
        await simulator.stop()
    }

    @Test func aGatewayKilledDuringAnUploadSendsTheAttachmentOnceAfterRestart() async throws {
        let (dir, simulator, store) = try await DurabilityTests.serveDirectory(throughput: 80)
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.up.1", from: .phone(PhoneNumber(trustedDigits: "6281234500002")), profileName: "Ani", timestamp: Date(),
            kind: .text, body: "Minta formulirnya")]))
        let c = try #require(try await store.conversations(state: nil, for: nil).first)
        try await store.claim(.id(c.id), by: "sari")
        let source = dir + "/formulir.pdf"
        try (Data("%PDF-1.4\n".utf8) + Self.photo).write(to: URL(fileURLWithPath: source))
        _ = try await AttachmentIntake.send(path: source, folder: MediaFolder(path: dir + "/loket.db.media")) { a in
            try await store.sendAttachment(.id(c.id), by: "sari", attachment: a, caption: "Formulir", replyTo: nil)
        }
        simulator.uploadDelay = 30
        let env = DurabilityTests.environment(dir: dir, extra: ["LOKET_ACCESS_TOKEN": Secrets.accessToken])
        let daemon = DurabilityTests.Daemon(dir: dir, env: env)
        try await daemon.start()
        // Killed while the upload is on the wire (its answer never comes back).
        #expect(await waitUntil(15) { simulator.uploadsRunning == 1 }, "the upload started")
        #expect(simulator.acceptedRequests.isEmpty)
        await daemon.kill9()
        simulator.uploadDelay = 0
        let next = DurabilityTests.Daemon(dir: dir, env: env)
        try await next.start()
        #expect(try await waitUntil(30) { try await store.messages(in: c.id, before: nil, limit: 5).last?.status == .sent },
                "\(next.current?.stderr ?? "")")
        let sends = simulator.acceptedRequests.filter { $0.type == "document" }
        #expect(sends.count == 1, "sent once: \(sends)")
        #expect(sends.first?.text == "document Formulir (formulir.pdf)")
        let upload = try #require(simulator.uploadedMedia.last)
        #expect(simulator.media(upload.id)?.bytes == Data("%PDF-1.4\n".utf8) + Self.photo)
        await next.stop()
        await simulator.stop()
    }
}

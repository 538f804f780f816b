import Foundation
import LoketDemo
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import Testing

/// `loket reply --attach`, `loket media get` and export's `media` object (docs/SPEC.md §9).
@Suite struct MediaCLITests {
    static let token = "EAAcli-media-token"

    @Test func replyAttachChecksTheFileBeforeQueuingAnything() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        try await store.claim(.id(1), by: "sari")
        let gif = h.dir + "/anim.gif", big = h.dir + "/besar.jpg", pdf = h.dir + "/mutasi.pdf"
        try Data("GIF89a".utf8).write(to: URL(fileURLWithPath: gif))
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 6 * 1024 * 1024)).write(to: URL(fileURLWithPath: big))
        try DemoMedia.statement(["Mutasi rekening"]).write(to: URL(fileURLWithPath: pdf))
        var r = try await h.runAsync("reply", "1", "--agent", "sari", "--attach", gif)
        #expect(r.status == 65 && r.err.hasPrefix("loket: anim.gif: WhatsApp does not take .gif files (it takes jpg png") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--attach", big, "--caption", "ini")
        #expect(r.status == 65 && r.err == "loket: besar.jpg is 6 MB; WhatsApp takes images up to 5 MB\n", "\(r.err)")
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--caption", "tanpa berkas")
        #expect(r.status == 65 && r.err.contains("--caption goes with --attach"))
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--attach", h.dir + "/tidak-ada.pdf")
        #expect(r.status == 65 && r.err.contains("no file"))
        // A window rule refusing it keeps nothing either (budi does not hold the chat).
        r = try await h.runAsync("reply", "1", "--agent", "budi", "--attach", pdf)
        #expect(r.status == 69, "\(r.err)")
        #expect(try await store.messages(in: 1, before: nil, limit: 20).allSatisfy { $0.media == nil })
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: h.store + ".media")) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--attach", pdf, "--caption", "Mutasi November")
        #expect(r.status == 0 && r.out.hasPrefix("queued message"), "\(r.err)")
        try FileManager.default.removeItem(atPath: pdf)
        let line = try #require(try await h.runAsync("export", "--conversation", "1").out.jsonLines.last)
        let media = try #require(line["media"] as? [String: Any])
        #expect(line["type"] as? String == "document" && media["mime_type"] as? String == "application/pdf")
        let file = try #require(media["file"] as? String)
        #expect(file.hasPrefix(h.store + ".media/") && FileManager.default.contents(atPath: file) == DemoMedia.statement(["Mutasi rekening"]),
                "the queued copy outlives the original")
        #expect(try await h.runAsync("media", "get", "\(line["id"] as? Int ?? 0)").out == file + "\n")
    }

    @Test func mediaGetFetchesNowOrSaysMetaNoLongerHasIt() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let simulator = CloudAPISimulator(token: Self.token, phoneNumberID: "106540352242922", appSecret: "s")
        try h.configureCloudAPI(simulatorPort: try await simulator.start())
        let photo = DemoMedia.screenshot()
        let ok = simulator.addMedia(photo, mimeType: "image/png")
        let gone = simulator.addMedia(Data("x".utf8), mimeType: "image/jpeg")
        simulator.expireMedia(gone)
        let budi = try PhoneNumber("+6281234567890")
        try await store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "wamid.m1", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: "image", body: "[image] layar",
                           media: MessageMedia(kind: .image, mediaID: ok, mimeType: "image/png")),
            InboundMessage(wamid: "wamid.m2", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: "image", body: "[image]",
                           media: MessageMedia(kind: .image, mediaID: gone, mimeType: "image/jpeg")),
        ]))
        let ids = try await store.messages(in: 1, before: nil, limit: 20).filter { $0.media != nil }.map(\.id)
        var r = try await h.runAsync("media", "get", "\(ids[0])")
        #expect(r.status == 65 && r.err.contains("LOKET_ACCESS_TOKEN is not set"), "\(r.err)")
        r = try await h.runAsync("media", "get", "\(ids[0])", env: ["LOKET_ACCESS_TOKEN": Self.token])
        #expect(r.status == 0, "\(r.err)")
        let path = r.out.trimmingCharacters(in: .newlines)
        #expect(FileManager.default.contents(atPath: path) == photo && path.hasSuffix(".png"))
        // Kept now: the next get reads no network, and --out copies it.
        r = try await h.runAsync("media", "get", "\(ids[0])", "--out", h.dir + "/budi.png")
        #expect(r.status == 0 && r.out == h.dir + "/budi.png\n" && simulator.mediaDownloads == 1)
        r = try await h.runAsync("media", "get", "\(ids[1])", env: ["LOKET_ACCESS_TOKEN": Self.token])
        #expect(r.status == 69 && r.err.contains("Meta no longer has message \(ids[1])'s attachment"), "\(r.err)")
        #expect(try await store.messages(in: 1, before: nil, limit: 20).compactMap(\.media).map(\.state) == [.ready, .expired])
        r = try await h.runAsync("media", "get", "1")
        #expect(r.status == 65 && r.err.contains("message 1 has no attachment"), "\(r.err)")
        let exported = try await h.runAsync("export").out.jsonLines.filter { $0["media"] is [String: Any] }
        #expect(exported.count == 2)
        let first = try #require(exported.first?["media"] as? [String: Any])
        #expect(first["id"] as? String == ok && first["file"] as? String == path && first["size"] as? Int == photo.count)
        #expect((exported.last?["media"] as? [String: Any])?["file"] is NSNull)
        await simulator.stop()
    }

    @Test func exportSaysForwardedAndTheAdBesideWhatTheCustomerWrote() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let budi = try PhoneNumber("+6281234567890")
        try await store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "wamid.fwd", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: .text, body: "Ini beneran?",
                           payload: #"{"id":"wamid.fwd","type":"text","text":{"body":"Ini beneran?"},"context":{"frequently_forwarded":true}}"#),
            InboundMessage(wamid: "wamid.ad", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: .text, body: "Info KPR",
                           payload: #"{"id":"wamid.ad","type":"text","text":{"body":"Info KPR"},"referral":{"source_type":"ad","headline":"KPR"}}"#),
        ]))
        let lines = try await h.runAsync("export").out.jsonLines
        let fwd = try #require(lines.first { $0["wamid"] as? String == "wamid.fwd" })
        #expect(fwd["body"] as? String == "Ini beneran?" && fwd["forwarded"] as? Bool == true && fwd["referral"] is NSNull)
        let ad = try #require(lines.first { $0["wamid"] as? String == "wamid.ad" })
        #expect(ad["body"] as? String == "Info KPR" && ad["forwarded"] as? Bool == false)
        #expect((ad["referral"] as? [String: Any])?["headline"] as? String == "KPR")
        #expect(lines.first { $0["wamid"] as? String == "wamid.seed0" }?["forwarded"] as? Bool == false)
        #expect(fwd["edited"] as? Bool == false && fwd["deleted"] as? Bool == false && fwd["original_body"] is NSNull)
    }

    @Test func exportKeepsWhatAnEditedMessageFirstSaid() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let budi = try PhoneNumber("+6281234567890")
        try await store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "wamid.e", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: MessageKind(rawValue: "edit"),
                           body: "Kartu ATM tertelan di Jl. Thamrin", replyTo: "wamid.seed0"),
            InboundMessage(wamid: "wamid.d", from: .phone(budi), profileName: "Budi", timestamp: Date(), kind: MessageKind(rawValue: "revoke"),
                           body: "", replyTo: "wamid.seed0"),
        ]))
        let lines = try await h.runAsync("export").out.jsonLines
        let seed = try #require(lines.first { $0["wamid"] as? String == "wamid.seed0" })
        #expect(seed["body"] as? String == "Kartu ATM tertelan di Jl. Thamrin" && seed["edited"] as? Bool == true && seed["deleted"] as? Bool == true)
        #expect((seed["original_body"] as? String)?.isEmpty == false)
        #expect(!lines.contains { $0["wamid"] as? String == "wamid.e" || $0["wamid"] as? String == "wamid.d" }, "edits are not messages of their own")
    }
}

import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport
import TermCore
import Testing

/// Attachments in the console (docs/SPEC.md §9): media rows in each state, `o` through the chosen viewer,
/// the composer's attach key with a bad type, a too-large file and a good one.
@MainActor
@Suite struct AttachmentTests {
    static let budi = PhoneNumber(trustedDigits: "6281234567890")

    /// Budi sends five attachments; the gateway got as far as each state shows.
    func budiSendsMedia(_ f: ConsoleFixture, folder: String) async throws -> [Int64] {
        let t = f.clock.date
        let kinds: [(String, MessageMedia, String)] = [
            ("w.m.1", MessageMedia(kind: .image, mediaID: "901", mimeType: "image/jpeg"), "[image] struk ATM"),
            ("w.m.2", MessageMedia(kind: .document, mediaID: "902", mimeType: "application/pdf", fileName: "mutasi.pdf"), "[document] mutasi.pdf"),
            ("w.m.3", MessageMedia(kind: .audio, mediaID: "903", mimeType: "audio/ogg", voice: true), "[voice message]"),
            ("w.m.4", MessageMedia(kind: .video, mediaID: "904", mimeType: "video/mp4"), "[video]"),
            ("w.m.5", MessageMedia(kind: .image, mediaID: "905", mimeType: "image/jpeg"), "[image] layar"),
        ]
        try await f.store.ingest(InboundBatch(messages: kinds.enumerated().map { i, k in
            InboundMessage(wamid: k.0, from: .phone(Self.budi), profileName: "Budi Santoso", timestamp: t.addingTimeInterval(Double(i)),
                           kind: MessageKind(rawValue: k.1.kind.rawValue), body: k.2, media: k.1)
        }))
        let c = try await f.store.conversation(.customer(Self.budi), for: nil)
        let ids = try await f.store.messages(in: c.id, before: nil, limit: 20).filter { $0.media != nil }.map(\.id)
        let photo = folder + "/photo.jpg"
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 68 * 1024)).write(to: URL(fileURLWithPath: photo))
        try await f.store.recordMediaFetch(messageID: ids[0], outcome: .stored(file: photo, size: 68 * 1024 + 4, mimeType: "image/jpeg", sha256: "ab"), at: t)
        try await f.store.recordMediaFetch(messageID: ids[1], outcome: .failed(reason: "sha256 mismatch"), at: t)
        try await f.store.recordMediaFetch(messageID: ids[2], outcome: .expired(reason: "(#100/33) gone"), at: t)
        try await f.store.recordMediaFetch(messageID: ids[3], outcome: .tooLarge(size: 150 * 1024 * 1024), at: t)
        return ids
    }

    @Test func mediaRowsShowKindSizeNameCaptionAndState() async throws {
        let f = try await ConsoleFixture()
        _ = try await budiSendsMedia(f, folder: ScratchDirectory.make("media"))
        let s = try await f.console(agent: "sari", width: 150, height: 40)
        #expect(await s.select("Budi Santoso"))
        #expect(s.line(containing: "📎 photo · 68 KB · o opens") != nil, "\(s.text)")
        #expect(s.line(containing: "struk ATM").map { !$0.contains("[image]") } == true, "the label is not repeated as text")
        #expect(s.line(containing: "📎 document · mutasi.pdf · could not be fetched: sha256 mismatch") != nil, "\(s.text)")
        #expect(s.line(containing: "📎 voice note · no longer at Meta, never stored") != nil)
        #expect(s.line(containing: "📎 video · 150 MB · too large to fetch automatically") != nil)
        #expect(s.line(containing: "📎 photo · fetching…") != nil)
        // In Bahasa Indonesia.
        var settings = ConsoleFixture.settings
        settings.language = .id
        let id = try await f.console(agent: "sari", width: 150, height: 40, settings: settings)
        #expect(await id.select("Budi Santoso"))
        #expect(id.line(containing: "📎 foto · 68 KB · o untuk membuka") != nil, "\(id.text)")
        #expect(id.line(containing: "📎 pesan suara · sudah tidak ada di Meta") != nil)
    }

    @Test func oOpensTheSelectedFileWithTheOpenerOrSaysWhyNot() async throws {
        let f = try await ConsoleFixture()
        let dir = ScratchDirectory.make("media")
        _ = try await budiSendsMedia(f, folder: dir)
        var settings = ConsoleFixture.settings
        let record = dir + "/opened.txt"
        settings.environment = ["LOKET_OPENER": "sh -c 'printf %s \"$0\" > \(record)'"]
        let s = try await f.console(agent: "sari", width: 150, height: 40, settings: settings)
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("o"))
        #expect(s.text.contains("select a message first"), "\(s.text)")
        // The newest (still fetching), then up to the failed document, then the photo.
        await s.press(.tab, .char("k"))
        #expect(s.controller.state.selectedMessage?.wamid == "w.m.5")
        await s.press(.char("o"))
        #expect(s.text.contains("the attachment is still being fetched"))
        await s.press(.char("k"), .char("k"), .char("k"), .char("o"))
        #expect(s.controller.state.selectedMessage?.wamid == "w.m.2")
        #expect(s.text.contains("the attachment could not be fetched; loket media get"), "\(s.text)")
        #expect(s.controller.takeOpenRequest() == nil)
        await s.press(.char("k"), .char("o"))
        let plan = try #require(s.controller.takeOpenRequest())
        guard case .inTerminal(let argv) = plan else { Issue.record("expected the opener in the terminal, got \(plan)"); return }
        #expect(AttachmentOpener.run(argv) == 0)
        #expect(try String(contentsOfFile: record, encoding: .utf8) == dir + "/photo.jpg")
        // No viewer at all: the console says where the file is.
        settings.environment = [:]
        let bare = try await f.console(agent: "sari", width: 150, height: 40, settings: settings)
        #expect(await bare.select("Budi Santoso"))
        await bare.press(.tab, .char("k"), .char("k"), .char("k"), .char("k"), .char("k"), .char("o"))
        if AttachmentOpener.plan(file: dir + "/photo.jpg", mimeType: "image/jpeg", environment: [:]) == .showPath {
            // Where the file is, whole (wrapped, never cut), and how to get it from a shell.
            #expect(bare.text.contains("Attachment") && bare.text.contains("photo · 68 KB · image/jpeg"), "\(bare.text)")
            let shown = bare.lines.filter { $0.contains("│") }.map { $0.split(separator: "│").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            #expect(shown.joined().contains(dir + "/photo.jpg"), "\(bare.text)")
            #expect(bare.text.contains("loket media get"))
            await bare.press(.escape)
            #expect(!bare.text.contains("From a shell"))
        }
    }

    @Test func theViewerIsChosenFromTheSession() {
        let all: (String) -> Bool = { _ in true }
        let none: (String) -> Bool = { _ in false }
        #expect(AttachmentOpener.plan(file: "/m/a.jpg", mimeType: "image/jpeg", environment: ["DISPLAY": ":0", "LOKET_OPENER": "x"], installed: all)
            == .beside(argv: ["/bin/sh", "-c", "xdg-open \"$1\" >/dev/null 2>&1 &", "sh", "/m/a.jpg"]))
        #expect(AttachmentOpener.plan(file: "/m/a.jpg", mimeType: "image/jpeg", environment: ["LOKET_OPENER": "feh -F"], installed: all)
            == .inTerminal(argv: ["/bin/sh", "-c", AttachmentOpener.clear + "feh -F \"$1\"", "sh", "/m/a.jpg"]))
        guard case .inTerminal(let chafa) = AttachmentOpener.plan(file: "/m/a.jpg", mimeType: "image/jpeg", environment: [:], installed: all) else {
            Issue.record("chafa shows images in the terminal"); return
        }
        #expect(chafa[2].contains("chafa \"$1\""))
        #expect(AttachmentOpener.plan(file: "/m/a.pdf", mimeType: "application/pdf", environment: [:], installed: all) == .showPath)
        #expect(AttachmentOpener.plan(file: "/m/a.jpg", mimeType: "image/jpeg", environment: ["WAYLAND_DISPLAY": "w"], installed: none) == .showPath)
    }

    @Test func theAttachKeyChecksTheFileAndSendsItWithTheDraftAsCaption() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(.customer(Self.budi), by: "sari")
        let dir = ScratchDirectory.make("attach")
        try Data("GIF89a".utf8).write(to: URL(fileURLWithPath: dir + "/anim.gif"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 6 * 1024 * 1024)).write(to: URL(fileURLWithPath: dir + "/besar.jpg"))
        try Data("%PDF-1.4 formulir".utf8).write(to: URL(fileURLWithPath: dir + "/formulir-keberatan.pdf"))
        var settings = ConsoleFixture.settings
        settings.mediaFolder = dir + "/media"
        let s = try await f.console(agent: "sari", width: 140, height: 36, settings: settings)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.enter)
        await s.type("Silakan isi formulir ini")
        await s.press(.ctrl("o"))
        #expect(s.text.contains("Attach a file") && s.text.contains("Caption: Silakan isi formulir ini"), "\(s.text)")
        // A type WhatsApp does not take: said as the path is typed, and Enter refuses it.
        await s.press(.ctrl("u"))
        await s.type(dir + "/anim.gif")
        #expect(s.text.contains("✗ anim.gif: WhatsApp does not take .gif files"), "\(s.text)")
        await s.press(.enter)
        #expect(s.text.contains("Attach a file"), "the dialog stays")
        // Too large for an image.
        await s.press(.ctrl("u"))
        await s.type(dir + "/be")
        await s.press(.tab)
        #expect(s.text.contains("✗ besar.jpg is 6 MB; WhatsApp takes images up to 5 MB"), "\(s.text)")
        await s.press(.enter)
        let c = try await f.store.conversation(.customer(Self.budi), for: nil)
        #expect(try await f.store.messages(in: c.id, before: nil, limit: 20).allSatisfy { $0.media == nil }, "nothing queued")
        // Tab completes the good one; Enter sends it with the draft as its caption.
        await s.press(.ctrl("u"))
        await s.type(dir + "/for")
        await s.press(.tab)
        #expect(s.text.contains("formulir-keberatan.pdf") && s.text.contains("✓ document · 17 B · application/pdf"), "\(s.text)")
        await s.press(.enter)
        #expect(!s.text.contains("Attach a file"), "\(s.text)")
        #expect(s.text.contains("formulir-keberatan.pdf queued for sending"), "\(s.text)")
        let sent = try #require(try await f.store.messages(in: c.id, before: nil, limit: 20).last)
        #expect(sent.media?.kind == .document && sent.media?.fileName == "formulir-keberatan.pdf" && sent.direction == .outbound)
        #expect(sent.payload == "Silakan isi formulir ini" && sent.status == .queued)
        #expect(FileManager.default.contents(atPath: sent.media?.file ?? "") == Data("%PDF-1.4 formulir".utf8))
        #expect(s.controller.state.composer.string.isEmpty, "the caption left the draft")
        #expect(s.line(containing: "📎 document · formulir-keberatan.pdf · 17 B") != nil, "\(s.text)")
        // Only whole copies in the media folder: the refused ones left nothing.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/media").count == 1)
    }
}

import LoketDomain
import Testing

/// Meta's per-type media limits (docs/SPEC.md §9), checked before anything is queued.
@Suite struct MediaLimitsTests {
    let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 40)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 40)

    @Test func eachKindHasItsTypesAndSizes() throws {
        #expect(try MediaLimits.check(fileName: "struk.JPG", size: 5 * 1024 * 1024, head: jpeg) == .init(kind: .image, mimeType: "image/jpeg"))
        #expect(try MediaLimits.check(fileName: "layar.png", size: 1000, head: png).kind == .image)
        #expect(try MediaLimits.check(fileName: "rekening.pdf", size: 90 * 1024 * 1024, head: Array("%PDF-1.7".utf8)).mimeType == "application/pdf")
        #expect(try MediaLimits.check(fileName: "pesan.ogg", size: 1000, head: Array("OggS".utf8) + [0, 0]).kind == .audio)
        #expect(try MediaLimits.check(fileName: "catatan.amr", size: 1000, head: Array("#!AMR\n".utf8)).mimeType == "audio/amr")
        let mp4 = [0, 0, 0, 0x18] + Array("ftypmp42".utf8)
        #expect(try MediaLimits.check(fileName: "video.mp4", size: 16 * 1024 * 1024, head: mp4).kind == .video)
        #expect(try MediaLimits.check(fileName: "data.xlsx", size: 100, head: [0x50, 0x4B, 3, 4]).kind == .document)
    }

    @Test func wrongTypesSizesAndContentAreOneLineErrors() {
        #expect(throws: InputError("photo.gif: WhatsApp does not take .gif files (it takes jpg png mp4 3gp aac amr mp3 m4a ogg pdf txt doc docx xls xlsx ppt pptx webp)")) {
            try MediaLimits.check(fileName: "photo.gif", size: 10, head: [])
        }
        #expect(throws: InputError("besar.jpg is 5.1 MB; WhatsApp takes images up to 5 MB")) {
            try MediaLimits.check(fileName: "besar.jpg", size: 5 * 1024 * 1024 + 100_000, head: jpeg)
        }
        #expect(throws: InputError("palsu.jpg is not a real .jpg file (its content says otherwise)")) {
            try MediaLimits.check(fileName: "palsu.jpg", size: 100, head: png)
        }
        #expect(throws: InputError("kosong.pdf is empty")) { try MediaLimits.check(fileName: "kosong.pdf", size: 0, head: []) }
        #expect(throws: InputError("noext: a file needs its extension (WhatsApp takes jpg png mp4 3gp aac amr mp3 m4a ogg pdf txt doc docx xls xlsx ppt pptx webp)")) {
            try MediaLimits.check(fileName: "noext", size: 10, head: [])
        }
    }

    @Test func stickersAreSmallAndAnimatedOnesMayBeLarger() throws {
        let still = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8) + Array(repeating: 0, count: 20)
        var animated = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + Array(repeating: 0, count: 20)
        animated[20] = 0x02
        #expect(try MediaLimits.check(fileName: "s.webp", size: 100 * 1024, head: still).kind == .sticker)
        #expect(throws: InputError.self) { try MediaLimits.check(fileName: "s.webp", size: 101 * 1024, head: still) }
        #expect(try MediaLimits.check(fileName: "a.webp", size: 400 * 1024, head: animated).kind == .sticker)
    }

    @Test func mimeTypesMapBackToTheirKindAndUsualExtension() {
        #expect(MediaLimits.fileExtension(forMimeType: "image/jpeg") == "jpg" && MediaLimits.fileExtension(forMimeType: "audio/ogg; codecs=opus") == "ogg")
        #expect(MediaLimits.fileExtension(forMimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") == "xlsx")
        #expect(MediaLimits.fileExtension(forMimeType: "image/gif") == "bin")
        #expect(MediaLimits.kind(ofMimeType: "image/webp") == .sticker && MediaLimits.kind(ofMimeType: "AUDIO/AMR") == .audio)
        #expect(MediaLimits.kind(ofMimeType: "image/gif") == nil)
    }

    @Test func captionsAreCheckedForTheKind() throws {
        try MediaLimits.checkCaption(String(repeating: "a", count: 1024), kind: .image)
        try MediaLimits.checkCaption("", kind: .audio)
        #expect(throws: InputError("the caption is 1025 characters; WhatsApp shows at most 1024 under a file")) {
            try MediaLimits.checkCaption(String(repeating: "a", count: 1025), kind: .document)
        }
        #expect(throws: InputError("WhatsApp shows no caption on sticker messages; send the text as a reply of its own")) {
            try MediaLimits.checkCaption("hai", kind: .sticker)
        }
    }

    @Test func retriesBackOffAndGiveUp() {
        #expect(MediaRetry.delay(afterAttempt: 1) == 5)
        #expect(MediaRetry.delay(afterAttempt: 2) == 10)
        #expect(MediaRetry.delay(afterAttempt: 10) == 1800)
        #expect(MediaRetry.delay(afterAttempt: MediaRetry.maxAttempts) == nil)
        #expect(MediaLimits.byteSize(1023) == "1023 B" && MediaLimits.byteSize(48 * 1024) == "48 KB" && MediaLimits.byteSize(100 * 1024 * 1024) == "100 MB")
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
    }
}

import Foundation
@testable import TermCore
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("我", 2), ("한", 2), ("ｱ", 1), ("Ａ", 2), ("🙏", 2), ("👍🏽", 2),
        ("👨‍👩‍👧", 2), ("🇮🇩", 2), ("❤️", 2), ("\u{200B}", 0), ("\u{1B}", 0),
    ])
    func graphemeWidths(text: String, width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    /// ZWJ and VS16 widen only emoji sequences: after a letter or a digit (not a keycap) they add nothing.
    @Test(arguments: [
        ("k\u{200D}", 1), ("a\u{FE0F}", 1), ("1\u{FE0F}", 1), ("a\u{200D}\u{FE0F}", 1), ("é\u{200D}", 1),
        ("1\u{FE0F}\u{20E3}", 2), ("#\u{FE0F}\u{20E3}", 2), ("👨\u{200D}👩\u{200D}👧", 2), ("❤\u{FE0F}", 2), ("❤", 1),
        ("❤\u{200D}🔥", 2), ("☝🏽", 2), ("🇮🇩", 2), ("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", 2),
        ("我", 2), ("語", 2), ("가", 2), ("🌡", 1), ("\u{202E}", 0), ("\u{0600}1", 1),
    ])
    func joinersWidenOnlyEmoji(text: String, width: Int) {
        #expect(text.count == 1)
        #expect(DisplayWidth.of(Character(text)) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func stringsOfJoinedLettersKeepTheirWidth() {
        #expect(DisplayWidth.of("k\u{200D}k\u{200D}k") == 3)
        #expect(DisplayWidth.of("OTP 1\u{FE0F}\u{20E3} 我 ❤️") == 12)
        #expect(DisplayWidth.fit("k\u{200D}k\u{200D}kk", 4) == "k\u{200D}k\u{200D}kk")
    }

    @Test func stringsFitAndCut() {
        #expect(DisplayWidth.of("Mohon maaf 🙏 我们") == 18)
        #expect(DisplayWidth.fit("我们的转账", 7) == "我们的…")
        #expect(DisplayWidth.fit("我们的转账", 6) == "我们…  ".replacingOccurrences(of: "  ", with: " "))
        #expect(DisplayWidth.of(DisplayWidth.fit("Kartu ATM saya tertelan", 10)) == 10)
        #expect(DisplayWidth.fit("ok", 5) == "ok   ")
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let hostile = "halo\u{1B}[2J\u{1B}]0;pwned\u{07}\tkak\r\n\u{9B}31m"
        let clean = DisplayWidth.sanitized(hostile)
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        #expect(clean.hasPrefix("halo[2J]0;pwned kak"))
    }

    /// The byte scan that lets clean text skip sanitising must catch every control, wherever it hides.
    @Test(arguments: ["\u{1B}", "\u{9B}", "\u{85}", "\u{7F}", "\u{2028}", "\u{2029}", "\t", "\r", "\n"])
    func controlsAmongNonASCIIAreCaught(control: String) {
        for text in ["Mohon maaf 🙏" + control + "我们", control + "é", "é" + control] {
            let clean = DisplayWidth.sanitized(text)
            #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 },
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        let kept = DisplayWidth.sanitizedKeepingNewlines("我\n" + control + "é")
        #expect(!kept.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A) || (0x7F..<0xA0).contains($0.value) || $0.value == 0x2028 })
        #expect(kept.hasPrefix("我\n"))
    }

    /// Format characters (Cf) steer BiDi, join or hide text: dropped, except inside emoji sequences.
    @Test func formatCharactersAreDroppedOutsideEmojiSequences() {
        #expect(DisplayWidth.sanitized("Budi\u{202E}3102 PIN") == "Budi3102 PIN")
        #expect(DisplayWidth.sanitized("a\u{2066}b\u{2067}c\u{2068}d\u{2069}\u{202A}\u{202B}\u{202C}\u{202D}e") == "abcde")
        #expect(DisplayWidth.sanitized("k\u{200D}k\u{200D}k") == "kkk")
        #expect(DisplayWidth.sanitized("x\u{200C}\u{200E}\u{200F}\u{061C}\u{00AD}\u{FEFF}\u{2060}y\u{200B}") == "xy")
        #expect(DisplayWidth.sanitized("ok\u{E0041}") == "ok")
        #expect(DisplayWidth.sanitizedKeepingNewlines("a\u{202E}b\nc\u{2067}d") == "ab\ncd")
        for emoji in ["👨\u{200D}👩\u{200D}👧", "🏳\u{FE0F}\u{200D}🌈", "👩🏽\u{200D}💻", "❤\u{200D}🔥", "🇮🇩",
                      "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", "1\u{FE0F}\u{20E3}"] {
            #expect(DisplayWidth.sanitized("Halo " + emoji + " kak") == "Halo " + emoji + " kak")
        }
        #expect(DisplayWidth.sanitized("👨\u{200C}x") == "👨x")
    }

    /// The byte scan must catch every format character, so clean text can skip grapheme work.
    @Test func byteScanCatchesEveryFormatCharacter() {
        var missed: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v), u.properties.generalCategory == .format else { continue }
            for text in [String(u), "é" + String(u) + "我", "ok" + String(u)] where !DisplayWidth.hasControlCharacters(text, allowingNewlines: true) {
                missed.append(String(v, radix: 16))
            }
            #expect(!DisplayWidth.sanitized("a" + String(u) + "b").unicodeScalars.contains(u))
        }
        #expect(missed.isEmpty, "\(missed)")
    }

    @Test func cleanTextIsLeftAsItIs() {
        // Neighbours of the control and format ranges in UTF-8 (U+00A0, U+200A, U+2027, U+2030, U+2070, U+0100)
        // are neither; nor are punctuation, CJK and emoji without joiners.
        let text = "Mohon maaf 🙏 我们 \u{A0}\u{200A}\u{2027}\u{2030}\u{2070}Ā ok … — ‘ya’ 🇮🇩 ❤️"
        #expect(!DisplayWidth.hasControlCharacters(text, allowingNewlines: false))
        #expect(DisplayWidth.sanitized(text) == text)
        #expect(DisplayWidth.sanitizedKeepingNewlines(text + "\n" + text) == text + "\n" + text)
        #expect(DisplayWidth.of("Kartu ATM") == 9)
        #expect(DisplayWidth.prefix("Kartu ATM", fitting: 5) == ("Kartu", 5))
        #expect(DisplayWidth.prefix("Kartu", fitting: 9) == ("Kartu", 5))
    }
}

@Suite struct ScreenBufferTests {
    @Test func wideCharactersAreNeverSplitAtAnEdge() {
        var b = ScreenBuffer(width: 10, height: 2)
        let end = b.put("abc我们的", x: 0, y: 0, maxX: 8)
        #expect(end == 8)
        #expect(b.line(0) == "abc我们")
        var c = ScreenBuffer(width: 10, height: 1)
        c.put("123456789我", x: 0, y: 0)
        #expect(c.line(0) == "123456789")
        #expect(!c[9, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 6, height: 1)
        b.put("我们", x: 0, y: 0)
        b.put("x", x: 1, y: 0)
        #expect(b.line(0) == " x们")
        b.put("y", x: 2, y: 0)
        #expect(b.line(0) == " xy")
    }

    @Test func emojiAndCJKTakeTwoCells() {
        var b = ScreenBuffer(width: 20, height: 1)
        let end = b.put("🙏我a", x: 0, y: 0)
        #expect(end == 5)
        #expect(b[1, 0].isContinuation && b[3, 0].isContinuation && b[4, 0].text == "a")
    }
}

@Suite struct ColorTests {
    @Test func parsesThemeValues() {
        #expect(Color(parsing: "red") == .indexed(1))
        #expect(Color(parsing: "bright_cyan") == .indexed(14))
        #expect(Color(parsing: "24") == .indexed(24))
        #expect(Color(parsing: "#ff8000") == .rgb(255, 128, 0))
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "256") == nil && Color(parsing: "#12345") == nil && Color(parsing: "rouge") == nil)
    }

    @Test func downgradesWithoutChangingThePalette() {
        #expect(Color.rgb(255, 0, 0).index(forPalette: 256) == 196)
        #expect(Color.rgb(128, 128, 128).index(forPalette: 256) == 244)
        #expect(Color.rgb(255, 0, 0).index(forPalette: 16) == 9)
        #expect(Color.rgb(200, 0, 0).index(forPalette: 8) == 1)
        #expect(Color.indexed(196).index(forPalette: 16) == 9)
        #expect(Color.indexed(12).index(forPalette: 8) == 4)
        #expect(Color.default.index(forPalette: 256) == nil)
    }
}

@Suite struct KeyTests {
    @Test func namesRoundTrip() {
        for k: Key in [.char("c"), .enter, .tab, .function(6), .ctrl("w"), .alt(.enter), .pageUp, .char(" ")] {
            #expect(Key(name: k.name) == k, "\(k.name)")
        }
        #expect(Key(name: "F13") == nil && Key(name: "Hyper-X") == nil)
    }
}

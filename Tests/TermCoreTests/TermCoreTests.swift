import Testing
@testable import TermCore

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("我", 2), ("한", 2), ("ｱ", 1), ("Ａ", 2), ("🙏", 2), ("👍🏽", 2),
        ("👨‍👩‍👧", 2), ("🇮🇩", 2), ("❤️", 2), ("\u{200B}", 0), ("\u{1B}", 0),
    ])
    func graphemeWidths(text: String, width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
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

    @Test func cleanTextIsLeftAsItIs() {
        // Neighbours of the control ranges in UTF-8 (U+00A0, U+2027, U+202A, U+0100) are not controls.
        let text = "Mohon maaf 🙏 我们 \u{A0}\u{2027}\u{202A}Ā ok"
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

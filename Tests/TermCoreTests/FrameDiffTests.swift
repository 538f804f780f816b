import Testing
@testable import TermCore

/// What the terminal shows after each frame must be the frame: no cell of an earlier one survives.
@MainActor
@Suite struct FrameDiffTests {
    static let digits = Set("0123456789")

    /// Issue 15.5: a letter with ZWJ was measured two columns but drawn one, so its "continuation" cell kept
    /// the previous customer's OTP digit (`k8 k2 k5`).
    @Test func joinedLettersLeaveNoDigitOfThePreviousFrame() {
        let terminal = InMemoryTerminal(width: 40, height: 2)
        var first = ScreenBuffer(width: 40, height: 2)
        first.put("OTP saya 839201 PIN 4815", x: 0, y: 0)
        first.put("OTP saya 839201 PIN 4815", x: 3, y: 1)
        terminal.present(first)
        #expect(terminal.displayedText == first.text)
        var second = ScreenBuffer(width: 40, height: 2)
        let joined = String(repeating: "k\u{200D}k\u{200D}k ", count: 5)
        second.put(joined, x: 0, y: 0)
        second.put(joined, x: 3, y: 1)
        terminal.present(second)
        #expect(!terminal.displayedText.contains { Self.digits.contains($0) }, "\(terminal.displayedText)")
        #expect(terminal.displayedText == "kkk kkk kkk kkk kkk\n   kkk kkk kkk kkk kkk")
    }

    /// A wide character the terminal draws one column wide (❤️, 🌡-like disagreements) leaves a blank, not the old cell.
    @Test func aWideCharacterNeverLeavesAStaleContinuation() {
        let terminal = InMemoryTerminal(width: 12, height: 1)
        var first = ScreenBuffer(width: 12, height: 1)
        first.put("0123456789", x: 0, y: 0)
        terminal.present(first)
        var second = ScreenBuffer(width: 12, height: 1)
        second.put("❤️❤️1\u{FE0F}\u{20E3}我x", x: 0, y: 0)
        terminal.present(second)
        #expect(!terminal.displayedText.contains { "0123456789".contains($0) && $0 != "1" }, "\(terminal.displayedText)")
        #expect(terminal.displayedText.hasSuffix("我x"))
    }

    /// A cell whose left neighbour changed width is sent again even if it did not change itself.
    @Test func aCellAfterANeighbourThatChangedWidthIsSent() {
        var a = ScreenBuffer(width: 6, height: 1)
        a.put("我bc", x: 0, y: 0)
        var b = ScreenBuffer(width: 6, height: 1)
        b.put("xybc", x: 0, y: 0)
        #expect(a[2, 0] == b[2, 0])
        var sent: [Int] = []
        FrameDiff.forEachWrite(from: a, to: b) { x, _, _ in sent.append(x) }
        #expect(sent == [0, 1, 2])
        sent = []
        FrameDiff.forEachWrite(from: b, to: a) { x, _, _ in sent.append(x) }
        #expect(sent == [1, 0, 2])
        sent = []
        FrameDiff.forEachWrite(from: a, to: a) { x, _, _ in sent.append(x) }
        #expect(sent.isEmpty)
    }

    /// Where the terminal agrees on widths, it shows every frame exactly, whatever the frame before.
    @Test func theTerminalShowsEveryFrameExactly() {
        let texts = ["OTP saya 839201 PIN 4815", "k\u{200D}k\u{200D}k 我们 ok", "👨\u{200D}👩\u{200D}👧 🇮🇩 🙏 a\u{FE0F}b",
                     "a\u{202E}bc\u{2067}d 9", "我我我我我我", "x我x我x我x", "", "12345678901234567890"]
        let terminal = InMemoryTerminal(width: 20, height: 1)
        for (i, first) in texts.enumerated() {
            for second in texts.dropFirst(i) + texts.prefix(i) {
                for (t, x) in [(first, 0), (second, 1)] {
                    var frame = ScreenBuffer(width: 20, height: 1)
                    frame.put(t, x: x, y: 0)
                    terminal.present(frame)
                    #expect(terminal.displayedText == frame.text, "\(first) → \(second)")
                }
            }
        }
    }
}

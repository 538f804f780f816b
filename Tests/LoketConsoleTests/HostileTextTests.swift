import Foundation
import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Issue 15.5: letters with ZWJ and BiDi controls in one customer's name and message must not leave
/// another customer's digits on the real screen, a second ▶ or a broken border.
@MainActor
@Suite struct HostileTextTests {
    static let joined = "k\u{200D}k\u{200D}k"
    static let formats: Set<UInt32> = [0x200D, 0x202E, 0x2067, 0x200F]

    @Test func joinedLettersLeaveNoDigitsOfTheMessageViewedBefore() async throws {
        let f = try await ConsoleFixture()
        let t = ConsoleFixture.now
        try await f.store.importHistory([
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281300000001")), profileName: "Dewi Lestari", state: .waiting,
                          assignee: nil, lines: [.init(direction: .inbound, body: "OTP saya 839201 PIN 4815", at: t.addingTimeInterval(-9 * 60),
                                                       wamid: "w.otp.1")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281300000002")), profileName: Self.joined + "\u{202E}Eka",
                          state: .waiting, assignee: nil,
                          lines: [.init(direction: .inbound, body: "\(Self.joined) \(Self.joined)\u{2067} \(Self.joined)\u{200F} halo",
                                        at: t.addingTimeInterval(-8 * 60), wamid: "w.kkk.1")]),
        ])
        let s = try await f.console(width: 120, height: 32)
        #expect(s.isSelected("Dewi Lestari"))
        #expect(s.text.contains("OTP saya 839201 PIN 4815"))
        check(s)
        for key: Key in [.char("j"), .char("k"), .char("j"), .char("j"), .char("k")] {
            await s.press(key)
            check(s)
        }
        #expect(s.isSelected("kkkEka"))
        #expect(s.terminal.displayedText.contains("kkk kkk kkk halo"))
    }

    /// The terminal shows exactly the frame, with no format character, no digit glued to a `k`, one ▶ in the queue.
    func check(_ s: Screen, sourceLocation: SourceLocation = #_sourceLocation) {
        let shown = s.terminal.displayedText
        #expect(shown == s.text, "the terminal shows cells of an earlier frame:\n\(shown)", sourceLocation: sourceLocation)
        #expect(!shown.contains("k8") && !shown.contains("k2") && !shown.contains("k5") && !shown.contains("k1"), sourceLocation: sourceLocation)
        #expect(!s.terminal.frame.cells.contains { $0.text.unicodeScalars.contains { Self.formats.contains($0.value) } },
                sourceLocation: sourceLocation)
        let markers = shown.components(separatedBy: "\n").dropFirst(2).reduce(0) { n, line in
            guard let bar = line.dropFirst().firstIndex(of: "│") else { return n }
            return n + line[..<bar].filter { $0 == "▶" }.count
        }
        #expect(markers == 1, "\(shown)", sourceLocation: sourceLocation)
        for line in shown.components(separatedBy: "\n") { #expect(DisplayWidth.of(line) <= 120, sourceLocation: sourceLocation) }
    }
}

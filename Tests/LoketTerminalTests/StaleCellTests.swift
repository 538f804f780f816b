import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport

/// Issue 15.5 in a real terminal: after an OTP message, a customer whose name and message hold letters
/// with ZWJ and BiDi controls must not show the OTP's digits (`k8 k2 k5`), a second ▶ or broken borders.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed")) struct StaleCellTests {
    @Test func joinedLettersLeaveNoDigitsOnTheRealScreen() async throws {
        let (dir, store) = try await RealTerminalTests.seededStore()
        let joined = "k\u{200D}k\u{200D}k"
        let now = Date()
        try await store.importHistory([
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281300000001")), profileName: "Dewi Lestari", state: .waiting,
                          assignee: nil, lines: [.init(direction: .inbound, body: "OTP saya 839201 PIN 4815", at: now.addingTimeInterval(-900),
                                                       wamid: "w.otp")]),
            HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281300000002")), profileName: joined + "\u{202E}Eka", state: .waiting,
                          assignee: nil, lines: [.init(direction: .inbound, body: "\(joined) \(joined)\u{2067} \(joined) halo",
                                                       at: now.addingTimeInterval(-800), wamid: "w.kkk")]),
        ])
        let t = try TmuxSession(width: 120, height: 32, environment: RealTerminalTests.env(dir))
        t.send("\"$LOKET\" console", enter: true)
        #expect(await t.waitFor("OTP saya 839201 PIN 4815"))
        for key in ["j", "k", "j"] {
            t.send(key)
            #expect(await t.waitFor { $0.contains(key == "k" ? "OTP saya 839201" : "kkk kkk kkk halo") })
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let screen = t.screen
        let rows = screen.components(separatedBy: "\n").dropFirst(2).compactMap { line in
            line.dropFirst().firstIndex(of: "│").map { (queue: line[..<$0], conversation: line[$0...]) }
        }
        // Dewi's row in the queue still previews her OTP; the conversation pane shows only Eka's.
        #expect(!rows.contains { $0.conversation.contains("839201") || $0.conversation.contains("4815") }, "\(screen)")
        #expect(!["k8", "k3", "k9", "k2", "k0", "k1", "k4", "k5"].contains { screen.contains($0) }, "\(screen)")
        #expect(rows.reduce(0) { $0 + $1.queue.filter { $0 == "▶" }.count } == 1, "\(screen)")
        // Every row of the panes still ends with its border.
        for line in screen.components(separatedBy: "\n").dropFirst(2).dropLast(2) where !line.isEmpty {
            #expect(line.hasSuffix("│") || line.hasSuffix("┐") || line.hasSuffix("┘") || line.hasSuffix("┤"), "\(line)")
        }
        t.send("q")
        #expect(await RealTerminalTests.shellIsUsable(t))
    }
}

import Foundation
import Testing
@testable import LoketDomain

@Suite struct CannedMatchTests {
    func rank(_ q: String, _ shortcut: String, _ text: String) -> CannedMatch? {
        CannedMatch.rank(CannedMatch.folded(q), shortcut: CannedMatch.folded(shortcut), text: CannedMatch.folded(text))
    }

    @Test func shortcutPrefixBeatsEverythingElse() {
        #expect(rank("sal", "salam", "Halo") == .shortcutPrefix)
        #expect(rank("", "salam", "Halo") == .shortcutPrefix)
        #expect(rank("SAL", "salam", "Halo") == .shortcutPrefix)
        #expect(rank("tertelan", "kartu-tertelan", "x") == .shortcutContains)
        #expect(rank("kartu", "blokir", "Demi keamanan, kartu Anda") == .textWordPrefix)
        #expect(rank("krtl", "kartu-tertelan", "Untuk kartu ATM") == .shortcutFuzzy)
        #expect(rank("artu", "blokir", "Demi keamanan, kartu Anda") == .textContains)
        #expect(rank("zzz", "salam", "Halo") == nil)
        #expect([CannedMatch.textContains, .shortcutPrefix, .shortcutFuzzy].sorted() == [.shortcutPrefix, .shortcutFuzzy, .textContains])
    }

    @Test func accentsAndCaseDoNotMatter() {
        #expect(rank("cafe", "menu", "Le Café ouvre") == .textWordPrefix)
        #expect(rank("maaf", "x", "Mohon MAAF atas") == .textWordPrefix)
    }

    @Test func aLaterOccurrenceMayStartAWord() {
        #expect(rank("an", "x", "bantuan anda") == .textWordPrefix)
    }
}

import Testing
@testable import LoketDomain

@Suite struct SearchTextTests {
    @Test func spacesCJKCharactersApart() {
        #expect(SearchText.indexable("Mohon maaf 我们的") == "Mohon maaf  我  们  的 ")
        #expect(SearchText.indexable("Kartu ATM 🙏") == "Kartu ATM 🙏")
    }

    @Test func buildsQuotedQueries() {
        #expect(SearchText.ftsQuery("kartu tertelan") == #""kartu" "tertelan""#)
        #expect(SearchText.ftsQuery("我们") == #""我 们""#)
        #expect(SearchText.ftsQuery("ATM 我们 gagal") == #""ATM" "我 们" "gagal""#)
        // FTS5 syntax is inert: quotes, operators and parentheses never reach the engine unquoted.
        #expect(SearchText.ftsQuery(#"kartu" OR (x*"#) == #""kartu" "OR" "x""#)
        #expect(SearchText.ftsQuery("  !!! ") == nil)
    }
}

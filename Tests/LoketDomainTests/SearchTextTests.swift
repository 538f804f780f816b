import Testing
@testable import LoketDomain

@Suite struct SearchTextTests {
    @Test func spacesCJKCharactersApart() {
        #expect(SearchText.indexable("Mohon maaf 我们的") == "Mohon maaf  我  们  的 ")
        #expect(SearchText.indexable("Kartu ATM 🙏") == "Kartu ATM 🙏")
    }

    @Test func buildsQuotedQueries() {
        // Latin words match as prefixes (`kartu` finds `kartunya`); CJK phrases are substrings already.
        #expect(SearchText.ftsQuery("kartu tertelan") == #""kartu"* "tertelan"*"#)
        #expect(SearchText.ftsQuery("我们") == #""我 们""#)
        #expect(SearchText.ftsQuery("ATM 我们 gagal") == #""ATM"* "我 们" "gagal"*"#)
        // FTS5 syntax is inert: quotes, operators and parentheses never reach the engine unquoted.
        #expect(SearchText.ftsQuery(#"kartu" OR (x*"#) == #""kartu"* "OR"* "x"*"#)
        #expect(SearchText.ftsQuery("  !!! ") == nil)
    }
}

extension SearchTextTests {
    @Test func numbersAreFoundInTheirLocalAndInternationalForms() {
        #expect(SearchText.numberDigits("0812") == "812")
        #expect(SearchText.numberDigits("6281234567890") == "6281234567890")
        #expect(SearchText.numberDigits("+62 812-3456-7890") == "6281234567890")
        #expect(SearchText.numberDigits("0062 812") == "62812")
        #expect(SearchText.numberDigits("081") == nil)        // too short to mean a number
        #expect(SearchText.numberDigits("kartu 0812") == nil)
    }
}

import Testing
@testable import LoketDomain

@Suite struct PhoneGroupingTests {
    @Test func numbersAreGroupedAsTheirCountryWritesThem() throws {
        func f(_ digits: String, _ code: String? = nil) -> String { PhoneGrouping.format(PhoneNumber(trustedDigits: digits), callingCode: code) }
        #expect(f("6281234567890", "62") == "+62 812-3456-7890")
        #expect(f("6587654321", "65") == "+65 8765 4321")
        #expect(f("6587654321") == "+65 8765 4321")          // the code is found without the market
        #expect(f("14155550123", "1") == "+1 415-555-0123")
        #expect(f("8613800138000", "86") == "+86 138 0013 8000")
        #expect(f("447911123456", "44") == "+44 7911 123456")
        #expect(f("622150001234", "62") == "+62 21 5000 1234")
        #expect(f("61412345678", "61") == "+61 412 345 678")
        #expect(f("4915112345678", "49") == "+49 151 123 45678")  // no rule: international groups
    }
}

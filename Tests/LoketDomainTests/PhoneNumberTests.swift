import Testing
@testable import LoketDomain

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+62 812-3456-7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("0062 812 3456 7890", "6281234567890"),
        ("(+62) 812.3456.7890", "6281234567890"),
        ("+1 (650) 555-1234", "16505551234"),
    ])
    func normalises(input: String, digits: String) throws {
        #expect(try PhoneNumber(input).digits == digits)
        #expect(try PhoneNumber(input).e164 == "+" + digits)
    }

    @Test(arguments: ["", "0812345678", "+62 812 abc", "+12345", "+1234567890123456", "++62812345678"])
    func refusesBadNumbers(input: String) {
        #expect(throws: InputError.self) { try PhoneNumber(input) }
    }

    @Test func nationalNumberErrorSuggestsCountryCode() {
        do { _ = try PhoneNumber("081234567890"); Issue.record("accepted a national number") }
        catch { #expect(error.message.contains("+6281234567890")) }
    }

    @Test func distinguishesIdsFromNumbers() {
        #expect(!PhoneNumber.looksLikePhoneNumber("42"))
        #expect(!PhoneNumber.looksLikePhoneNumber("1234567"))
        #expect(PhoneNumber.looksLikePhoneNumber("+62812"))
        #expect(PhoneNumber.looksLikePhoneNumber("6281234567890"))
    }
}

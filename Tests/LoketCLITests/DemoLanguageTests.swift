import Testing
@testable import LoketDemo

@Suite struct DemoLanguageTests {
    @Test func indonesianCustomersAnswerInIndonesian() {
        #expect(DemoCustomers.language(of: "6281390001002") == "id")
        #expect(DemoCustomers.language(of: "8613700001012") == "zh")
        #expect(DemoCustomers.language(of: "14155550110") == "en")
        let english = ["thanks", "please", "how", "still", "ok,", "what"]
        for line in DemoCustomers.followUps["id"] ?? [] {
            #expect(!english.contains { line.lowercased().contains($0) }, "\(line)")
        }
        #expect(DemoCustomers.thanks("6281390001002") == "Terima kasih infonya 🙏")
        // Every newcomer with an Indonesian number gets Indonesian answers.
        for n in DemoCustomers.newcomers where n.number.hasPrefix("62") { #expect(DemoCustomers.language(of: n.number) == "id") }
    }
}

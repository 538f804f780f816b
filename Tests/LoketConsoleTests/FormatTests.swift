import Testing
@testable import LoketConsole

@Suite struct FormatTests {
    static let ages: [(Double, String)] = [(0, "00:00"), (7.9, "00:07"), (247, "04:07"), (3599, "59:59"), (3600, "1h00"), (7500, "2h05"),
                                           (86_399, "23h59"), (86_400, "1d"), (3 * 86_400 + 5, "3d"), (-5, "00:00")]

    @Test(arguments: ages)
    func queueAges(seconds: Double, shown: String) {
        #expect(Format.age(seconds) == shown)
    }
}

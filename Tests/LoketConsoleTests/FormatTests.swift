import Testing
@testable import LoketConsole

@Suite struct FormatTests {
    static let ages: [(Double, String)] = [(0, "0s"), (7.9, "7s"), (45, "45s"), (60, "1m"), (247, "4m"), (720, "12m"), (3599, "59m"), (3600, "1h00"), (3900, "1h05"), (7500, "2h05"),
                                           (86_399, "23h59"), (86_400, "1d"), (2 * 86_400, "2d"), (3 * 86_400 + 5, "3d"), (-5, "0s")]

    @Test(arguments: ages)
    func queueAges(seconds: Double, shown: String) {
        #expect(Format.age(seconds) == shown)
    }
}

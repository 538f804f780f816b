import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket report costs`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports.", subcommands: [Costs.self])

    struct Costs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Messaging cost by market and category, from the rate card.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only messages priced from this date (YYYY-MM-DD).") var since: String?
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            try await guarded {
                let from = try since.map { try parseDate($0, flag: "--since") }
                let (_, store) = try await global.open()
                let report = try await store.costReport(since: from)
                if json {
                    print(JSONOutput.line([
                        "currency": report.currency,
                        "total": report.total.doubleValue,
                        "by_market": report.lines.map { l -> [String: Any] in
                            ["market": l.market, "category": l.category.rawValue, "messages": l.messages,
                             "cost": l.cost.doubleValue]
                        },
                    ] as [String: Any]))
                } else {
                    var rows = report.lines.map { [$0.market, $0.category.rawValue, String($0.messages), $0.cost.decimalString] }
                    rows.append(["TOTAL", "", String(report.lines.reduce(0) { $0 + $1.messages }), report.total.decimalString])
                    print(TextTable.render(["MARKET", "CATEGORY", "MESSAGES", "COST (\(report.currency))"], rows))
                }
            }
        }
    }
}

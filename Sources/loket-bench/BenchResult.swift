import Foundation

/// One figure of a benchmark beside the baseline measured in the same run.
struct BenchResult {
    var name: String
    var value: Double
    var unit: String
    var baseline: Double?
    var baselineUnit: String?
    /// value / baseline (how many times the baseline).
    var ratio: Double? { baseline.flatMap { $0 == 0 ? nil : value / $0 } }
    var detail: String

    var json: String {
        func num(_ d: Double?) -> Any { d.map { ($0 * 1000).rounded() / 1000 } ?? NSNull() }
        let o: [String: Any] = ["name": name, "value": num(value), "unit": unit, "baseline": num(baseline),
                                "baseline_unit": baselineUnit ?? NSNull(), "ratio": num(ratio), "detail": detail]
        let data = try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ results: [BenchResult]) -> String {
        func f(_ d: Double?) -> String {
            guard let d else { return "-" }
            if d >= 1000 { return String(format: "%.0f", d) }
            if d >= 10 { return String(format: "%.1f", d) }
            return String(format: "%.3f", d)
        }
        let header = ["benchmark", "figure", "unit", "baseline", "baseline unit", "ratio", "detail"]
        let rows = results.map { [$0.name, f($0.value), $0.unit, f($0.baseline), $0.baselineUnit ?? "-",
                                  $0.ratio.map { String(format: "%.2fx", $0) } ?? "-", $0.detail] }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

/// Timing helpers.
enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let t = now(); try body(); return now() - t
    }

    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let t = now(); try await body(); return now() - t
    }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let s = samples.sorted()
        guard !s.isEmpty else { return 0 }
        return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
    }
}

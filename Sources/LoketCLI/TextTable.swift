import TermCore

/// Prints rows as aligned columns, measuring display width with the console's own table (CJK and emoji
/// take two). Every cell is made ``terminalSafe(_:)`` first, so no table prints raw store text.
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let header = header.map(terminalSafe)
        let rows = rows.map { $0.map(terminalSafe) }
        var widths = header.map { DisplayWidth.of($0) }
        for r in rows { for (i, cell) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// Cuts `s` to at most `n` columns with an ellipsis.
    static func clip(_ s: String, _ n: Int) -> String {
        DisplayWidth.fit(terminalSafe(s), n, pad: false)
    }
}

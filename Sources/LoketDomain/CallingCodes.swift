import Foundation
import FoundationEssentials
/// One row of the calling-code → market map.
public struct CallingCodeEntry: Hashable, Sendable {
    public let prefix: String
    public let iso2: String
    public let country: String
    public let market: String
    public init(prefix: String, iso2: String, country: String, market: String) {
        self.prefix = prefix; self.iso2 = iso2; self.country = country; self.market = market
    }
}

/// Maps a number to its country and pricing market by the longest matching calling-code prefix.
public struct CallingCodes: Sendable {
    private let byPrefix: [String: CallingCodeEntry]
    private let longest: Int

    public init(entries: [CallingCodeEntry]) {
        var map: [String: CallingCodeEntry] = [:]
        for e in entries { map[e.prefix] = e }
        byPrefix = map
        longest = entries.map(\.prefix.count).max() ?? 0
    }

    /// Parses `prefix,iso2,country,market` CSV (with header), as shipped in `ratecards/calling-codes.csv`.
    public init(csv: String, file: String = "calling-codes.csv") throws(InputError) {
        let rows = try CSV.parse(csv, file: file)
        guard let header = rows.first, header.map({ $0.lowercased() }) == ["prefix", "iso2", "country", "market"] else {
            throw InputError("\(file):1: expected header prefix,iso2,country,market")
        }
        var entries: [CallingCodeEntry] = []
        for (i, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count == 4, !row[0].isEmpty, row[0].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw InputError("\(file):\(i + 2): expected a numeric prefix and 4 columns")
            }
            entries.append(CallingCodeEntry(prefix: row[0], iso2: row[1], country: row[2], market: row[3]))
        }
        self.init(entries: entries)
    }

    /// The entry whose prefix is the longest prefix of `number`, if any.
    public func lookup(_ number: PhoneNumber) -> CallingCodeEntry? {
        let digits = number.digits
        var n = min(longest, digits.count)
        while n > 0 {
            if let e = byPrefix[String(digits.prefix(n))] { return e }
            n -= 1
        }
        return nil
    }

    /// All entries of a country (ISO 3166 alpha-2), for `country:CC` audiences.
    public func prefixes(ofCountry iso2: String) -> [String] {
        byPrefix.values.filter { $0.iso2.caseInsensitiveCompare(iso2) == .orderedSame }.map(\.prefix).sorted()
    }
}

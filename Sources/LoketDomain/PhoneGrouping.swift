/// How people in each country write their numbers, for display: `+62 812-3456-7890` in Indonesia,
/// `+65 8765 4321` in Singapore, `+1 415-555-0123` in North America. Countries without a rule get groups
/// of three and four, as international format does.
public enum PhoneGrouping {
    /// Group sizes of the national number and the separator, by calling code (mobile numbers).
    static let rules: [String: (sizes: [Int], separator: String)] = [
        "62": ([3, 4, 4], "-"),      // Indonesia: 812-3456-7890
        "65": ([4, 4], " "),         // Singapore: 8765 4321
        "60": ([2, 3, 4], " "),      // Malaysia: 12 345 6789
        "1": ([3, 3, 4], "-"),       // North America: 415-555-0123
        "44": ([4, 6], " "),         // United Kingdom: 7911 123456
        "86": ([3, 4, 4], " "),      // China: 138 0013 8000
        "61": ([3, 3, 3], " "),      // Australia: 412 345 678
        "91": ([5, 5], " "),         // India: 98765 43210
        "81": ([2, 4, 4], "-"),      // Japan: 90-1234-5678
        "63": ([3, 3, 4], " "),      // Philippines: 917 123 4567
        "66": ([2, 3, 4], " "),      // Thailand: 81 234 5678
        "84": ([2, 3, 4], " "),      // Vietnam: 91 234 5678
        "852": ([4, 4], " "),        // Hong Kong: 5123 4567
        "971": ([2, 3, 4], " "),     // UAE: 50 123 4567
    ]

    /// `number` written as its country writes it; `callingCode` is its market's code when known.
    public static func format(_ number: PhoneNumber, callingCode: String?) -> String {
        let digits = number.digits
        let code = callingCode.flatMap { digits.hasPrefix($0) ? $0 : nil }
            ?? [3, 2, 1].lazy.map { String(digits.prefix($0)) }.first { rules[$0] != nil }
            ?? String(digits.prefix(2))
        let national = Array(digits.dropFirst(code.count))
        guard !national.isEmpty else { return "+" + digits }
        let rule = rules[code]
        // Indonesian landlines (21 Jakarta, 22 Bandung, …) are written area code first: +62 21 5000 1234.
        if code == "62", national.first != "8" {
            return "+62 " + groups(national, [national.first == "2" && national.count > 2 && national[1] == "1" ? 2 : 3, 4, 4], " ")
        }
        let sizes = rule?.sizes ?? [3, 3, 4]
        return "+\(code) " + groups(national, sizes, rule?.separator ?? " ")
    }

    static func groups(_ national: [Character], _ sizes: [Int], _ separator: String) -> String {
        var out: [String] = []
        var i = 0
        for size in sizes where i < national.count {
            out.append(String(national[i..<min(i + size, national.count)]))
            i += size
        }
        if i < national.count { out[out.count - 1] += String(national[i...]) }
        return out.joined(separator: separator)
    }
}

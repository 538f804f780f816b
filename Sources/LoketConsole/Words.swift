import Foundation
public import LoketConfig
public import LoketDomain

/// The console's words in one language (docs/SPEC.md §11). English is written in the code, where each
/// phrase is also the key of its translation; other languages are catalogues kept as data
/// (`Resources/lang/id.toml`: `"claimed {1}" = "{1} diklaim"`). A phrase a catalogue lacks is shown in
/// English. Values go in as `{1}`, `{2}`…; a value that is itself a phrase of the catalogue (a state, a verb
/// from a team rule) is translated too.
public struct Words: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case en, id

        /// `[console] language`, else `id` when `$LANG` starts with `id`, else English.
        public static func from(setting: String?, environment: [String: String]) -> Language {
            if let s = setting, let l = Language(rawValue: s) { return l }
            return (environment["LANG"] ?? "").lowercased().hasPrefix("id") ? .id : .en
        }
    }

    public let language: Language
    let table: [String: String]

    public static let english = Words(language: .en, table: [:])

    init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    /// The bundled catalogue for `language`.
    public static func bundled(_ language: Language) -> Words {
        guard language != .en else { return .english }
        guard let url = Bundle.module.url(forResource: "lang/\(language.rawValue)", withExtension: "toml"),
              let text = try? String(contentsOf: url, encoding: .utf8), let words = try? parse(text, file: "\(language.rawValue).toml", language: language)
        else { return .english }
        return words
    }

    /// Reads a catalogue: `"English phrase" = "translation"`, one per line; a value that is not a string, or
    /// a translation that drops or invents a `{n}`, is an error naming the file and line.
    public static func parse(_ text: String, file: String, language: Language) throws(ConfigError) -> Words {
        let doc = try TOMLReader(source: text, file: file)
        var table: [String: String] = [:]
        for key in doc.keys {
            guard let value = try doc.string(key) else { continue }
            guard placeholders(key) == placeholders(value) else {
                throw doc.error(key, "the translation must use the same {n} values as the English (\(placeholders(key).sorted().joined(separator: " ")))")
            }
            table[key] = value
        }
        return Words(language: language, table: table)
    }

    static func placeholders(_ s: String) -> Set<String> {
        var out: Set<String> = []
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            if !inside.isEmpty, inside.allSatisfy(\.isNumber) { out.insert("{\(inside)}") }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    /// Whether the catalogue translates `phrase` (English always does).
    public func has(_ phrase: String) -> Bool { language == .en || table[phrase] != nil }

    /// `phrase` in this language, with `{1}`, `{2}`… replaced by `args`.
    public func callAsFunction(_ phrase: String, _ args: any CustomStringConvertible...) -> String {
        translate(phrase, args.map(\.description))
    }

    /// A team rule's or a bad input's words (``Refusal``, ``InputError``) in this language.
    public func callAsFunction(_ phrase: Phrase) -> String { translate(phrase.template, phrase.args) }

    func translate(_ phrase: String, _ args: [String]) -> String {
        guard language != .en else { return Phrase.fill(phrase, args) }
        return Phrase.fill(table[phrase] ?? phrase, args.map { table[$0] ?? $0 })
    }

    // MARK: Dates and amounts

    /// Short weekday names, Sunday first.
    var weekdays: [String] {
        language == .id ? ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    }

    var months: [String] {
        language == .id ? ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
                        : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    }

    /// An amount as people of this language write it: rupiah as `Rp 1.250.000` (`Rp 1,250,000` in English),
    /// dollars as `$0.0411` (`US$0,0411`), other currencies with their code.
    public func money(_ m: Money) -> String {
        if m.currency == "IDR" { return "Rp " + Self.grouped((m.micros + 500_000) / 1_000_000, by: separators.thousands) }
        let digits = m.decimalString.split(separator: ".")
        let whole = Self.grouped(Int64(digits.first ?? "0") ?? 0, by: separators.thousands)
        return withCurrency(digits.count > 1 ? whole + separators.decimal + digits[1] : whole, m.currency)
    }

    /// Two decimals (a day's spend): `$12.50`, `US$12,50`, `Rp 187.500`.
    public func moneyToCents(_ m: Money) -> String {
        guard m.currency != "IDR" else { return money(m) }
        let cents = (m.micros + 5_000) / 10_000
        return withCurrency(Self.grouped(cents / 100, by: separators.thousands) + separators.decimal + Format.twoDigits(Int(cents % 100)),
                            m.currency)
    }

    /// Thousands and decimal separators: `1.250.000,50` in Indonesian, `1,250,000.50` in English.
    private var separators: (thousands: String, decimal: String) { language == .id ? (".", ",") : (",", ".") }

    /// Dollars with their sign (`$`, `US$` in Indonesian), any other currency after the amount with its code.
    private func withCurrency(_ amount: String, _ currency: String) -> String {
        currency == "USD" ? (language == .id ? "US$" : "$") + amount : "\(amount) \(currency)"
    }

    static func grouped(_ n: Int64, by separator: String) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// Marks an English phrase that is translated where it is shown (a footer label a dialog returns), so the
/// catalogue check finds it: `L("send")`.
func L(_ phrase: String) -> String { phrase }

import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Bahasa Indonesia (docs/SPEC.md §11): every phrase the console shows is in the catalogue (a missing one
/// would show in English), dates and rupiah as Indonesians write them, and the console in both languages.
@MainActor
@Suite struct LanguageTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized

    /// The string literals inside each call `name(…)` of the given names, with balanced parentheses.
    static func literals(calling names: [String], in text: String) -> [String] {
        var out: [String] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        func isIdent(_ c: Unicode.Scalar) -> Bool { CharacterSet.alphanumerics.contains(c) || c == "_" }
        while i < chars.count {
            guard let name = names.first(where: { n in
                let s = Array(n.unicodeScalars)
                return i + s.count < chars.count && Array(chars[i..<i + s.count]) == s && chars[i + s.count] == "("
                    && (i == 0 || !isIdent(chars[i - 1]))
            }) else { i += 1; continue }
            var j = i + name.unicodeScalars.count + 1, depth = 1
            var literal: String.UnicodeScalarView?
            var interpolated = false
            while j < chars.count, depth > 0 {
                let c = chars[j]
                if var lit = literal {
                    if c == "\\" { if chars[j + 1] == "(" { interpolated = true }; lit.append(c); lit.append(chars[j + 1]); j += 2; literal = lit; continue }
                    if c == "\"" {
                        if !interpolated, !lit.isEmpty { out.append(String(String.UnicodeScalarView(lit)).replacingOccurrences(of: "\\\"", with: "\"")) }
                        literal = nil; interpolated = false
                    } else { lit.append(c); literal = lit }
                    j += 1; continue
                }
                if c == "\"" { literal = String.UnicodeScalarView() }
                else if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                j += 1
            }
            i = j
        }
        return out
    }

    static func swiftFiles(_ folder: String) -> [URL] {
        let dir = sources.appendingPathComponent(folder)
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        return (e?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    /// Every English phrase the console can show.
    static func phrases() throws -> Set<String> {
        var all: Set<String> = []
        for f in swiftFiles("LoketConsole") where f.lastPathComponent != "Words.swift" {
            let text = try String(contentsOf: f, encoding: .utf8)
            all.formUnion(literals(calling: ["w", "say", "warn", "L", "words", "perform"], in: text))
        }
        // The CLI's error lines.
        for f in swiftFiles("LoketCLI") {
            all.formUnion(literals(calling: ["current"], in: try String(contentsOf: f, encoding: .utf8)))
        }
        // Team rules and bad input the store or the rules give back, shown as they come.
        for folder in ["LoketDomain", "LoketStore", "LoketSQLite", "LoketPostgres", "LoketMedia"] {
            for f in swiftFiles(folder) {
                all.formUnion(literals(calling: ["Refusal", "InputError", "NotFound", "Phrase"], in: try String(contentsOf: f, encoding: .utf8)))
            }
        }
        for b in ActionTable.all { all.formUnion([b.label, b.summary, b.group]) }
        for s in KeyScope.allCases { all.insert(s.title) }
        all.formUnion(HelpScreen.normalGroups + HelpScreen.editing.map(\.1))
        all.formUnion(ConversationState.allCases.map(\.rawValue) + Role.allCases.map(\.rawValue) + PricingCategory.allCases.map(\.rawValue))
        all.formUnion(["sending", "done", "cancelled", "stopped"])
        // Values put in phrases: who did it when nobody did, Meta's quality ratings.
        all.formUnion(["system", "GREEN", "YELLOW", "RED", "UNKNOWN"])
        // Meta's messaging limits that are words (MessagingLimit.display).
        all.formUnion(["TIER_UNLIMITED", "TIER_NOT_SET"].map(MessagingLimit.display))
        // Pieces that are not words: placeholders alone, separators.
        return all.filter { s in s.contains(where: \.isLetter) }
    }

    @Test func theIndonesianCatalogueHasEveryPhrase() throws {
        let id = Words.bundled(.id)
        #expect(id.language == .id && id.table.count > 100, "the catalogue loads")
        let missing = try Self.phrases().filter { !id.has($0) }.sorted()
        let list = missing.map { "\"\($0)\" = \"\"" }.joined(separator: "\n")
        #expect(missing.isEmpty, "\(missing.count) phrases missing from lang/id.toml:\n\(list)")
        // And nothing the console no longer says.
        let phrases = try Self.phrases()
        let stale = id.table.keys.filter { !phrases.contains($0) }.sorted()
        #expect(stale.isEmpty, "in lang/id.toml but never shown: \(stale)")
    }

    @Test func aCatalogueThatLosesAValueIsAnErrorWithItsLine() {
        #expect(throws: (any Error).self) { try Words.parse("\"claimed {1}\" = \"diklaim\"\n", file: "id.toml", language: .id) }
        let w = try? Words.parse("\"claimed {1}\" = \"{1} diklaim\"\n\"waiting\" = \"menunggu\"\n", file: "id.toml", language: .id)
        #expect(w?("claimed {1}", "Budi") == "Budi diklaim")
        // A value that is itself a phrase is translated too; a missing phrase stays English.
        #expect(w?.translate("the conversation is {1}", ["waiting"]) == "the conversation is menunggu")
        #expect(Words.english("claimed {1}", "Budi") == "claimed Budi")
    }

    @Test func datesAndRupiahAsIndonesiansWriteThem() {
        let id = Words.bundled(.id)
        // Mon 30 Nov 2026 10:00 WIB.
        let monday = Date(timeIntervalSince1970: 1_796_007_600)
        #expect(Calendarist(timeZone: "Asia/Jakarta", words: id).date(monday) == "Sen, 30 Nov 2026")
        #expect(Calendarist(timeZone: "Asia/Jakarta").date(monday) == "Mon, 30 Nov 2026")
        #expect(Calendarist(timeZone: "Asia/Jakarta", words: id).date(monday.addingTimeInterval(-86_400 * 100)) == "Sab, 22 Agu 2026")
        #expect(id.money(Money(micros: 1_250_000_000_000, currency: "IDR")) == "Rp 1.250.000")
        #expect(Words.english.money(Money(micros: 1_250_000_000_000, currency: "IDR")) == "Rp 1,250,000")
        #expect(id.money(Money(micros: 41_100, currency: "USD")) == "US$0,0411")
        #expect(Words.english.money(Money(micros: 41_100, currency: "USD")) == "$0.0411")
        #expect(id.moneyToCents(Money(micros: 12_504_000, currency: "USD")) == "US$12,50")
        #expect(Words.english.moneyToCents(Money(micros: 1_234_567_000_000, currency: "USD")) == "$1,234,567.00")
    }

    @Test func theLanguageComesFromTheConfigElseLANG() {
        #expect(Words.Language.from(setting: "id", environment: [:]) == .id)
        #expect(Words.Language.from(setting: "en", environment: ["LANG": "id_ID.UTF-8"]) == .en)
        #expect(Words.Language.from(setting: nil, environment: ["LANG": "id_ID.UTF-8"]) == .id)
        #expect(Words.Language.from(setting: nil, environment: ["LANG": "en_US.UTF-8"]) == .en)
        #expect(Words.Language.from(setting: nil, environment: [:]) == .en)
    }
}

/// The help screen gives a summary 65 columns: every action's fits in both languages.
@MainActor
@Suite struct HelpFitsTests {
    @Test func everySummaryFitsTheHelpScreenInBothLanguages() {
        let id = Words.bundled(.id)
        for b in ActionTable.all {
            #expect(DisplayWidth.of(b.summary) <= 65, "\(b.summary)")
            #expect(DisplayWidth.of(id(b.summary)) <= 65, "\(id(b.summary))")
        }
    }
}

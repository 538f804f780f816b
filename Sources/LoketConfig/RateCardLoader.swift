import Foundation
public import LoketDomain

/// Loads the rate card: the Meta card bundled with Loket, or an operator's folder holding the two CSVs.
public enum RateCardLoader {
    public static let ratesFile = "whatsapp-2026-04-usd.csv"
    public static let callingCodesFile = "calling-codes.csv"

    /// The bundled card (docs/SPEC.md §6).
    public static func bundled() throws -> RateCard {
        guard let dir = Bundle.module.url(forResource: "ratecards", withExtension: nil) else {
            throw InputError("the bundled rate card is missing from this build")
        }
        return try load(directory: dir.path)
    }

    /// A folder with a rates CSV (the one file whose name is not calling-codes.csv) and calling-codes.csv.
    public static func load(directory: String) throws -> RateCard {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
            throw InputError("rate card folder \(directory) cannot be read")
        }
        let codesPath = (directory as NSString).appendingPathComponent(callingCodesFile)
        let rateNames = names.filter { $0.hasSuffix(".csv") && $0 != callingCodesFile }.sorted()
        guard fm.fileExists(atPath: codesPath), let rateName = rateNames.first, rateNames.count == 1 else {
            throw InputError("rate card folder \(directory) must hold \(callingCodesFile) and exactly one rates CSV")
        }
        let ratesPath = (directory as NSString).appendingPathComponent(rateName)
        let rates = try String(contentsOfFile: ratesPath, encoding: .utf8)
        let codes = try String(contentsOfFile: codesPath, encoding: .utf8)
        return try RateCard(ratesCSV: rates, callingCodesCSV: codes, ratesFile: ratesPath, callingCodesFile: codesPath)
    }

    /// The card a configuration names.
    public static func load(for config: LoketConfiguration) throws -> RateCard {
        config.rateCardPath.isEmpty ? try bundled() : try load(directory: config.rateCardPath)
    }
}

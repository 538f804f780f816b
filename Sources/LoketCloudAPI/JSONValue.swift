import Foundation

/// Tolerant accessors over `JSONSerialization` output: Meta sends ids and timestamps as strings,
/// sometimes numbers; a missing or odd field is nil, never a crash.
struct JSONObject {
    let raw: [String: Any]
    init?(_ any: Any?) { guard let d = any as? [String: Any] else { return nil }; raw = d }

    subscript(key: String) -> Any? { raw[key] }

    /// A string field; a NUL (which SQLite's C API would cut the text at) becomes a visible U+2400 `␀`,
    /// so nothing after it is lost and the same wire value always maps to the same stored text.
    func string(_ key: String) -> String? {
        switch raw[key] {
        case let s as String: return s.utf8.contains(0) ? s.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }
    func object(_ key: String) -> JSONObject? { JSONObject(raw[key]) }
    func objects(_ key: String) -> [JSONObject] { (raw[key] as? [Any] ?? []).compactMap(JSONObject.init) }
    func bool(_ key: String) -> Bool? { (raw[key] as? NSNumber)?.boolValue }
    func double(_ key: String) -> Double? {
        switch raw[key] {
        case let n as NSNumber: return n.doubleValue
        case let s as String: return Double(s)
        default: return nil
        }
    }
    /// A whole number that fits in 32 bits (Meta's codes and counts do); anything else (fractions, NaN,
    /// 1e300, overlong digit strings) is nil rather than a trap.
    func int(_ key: String) -> Int? {
        guard let d = double(key), d.isFinite, d == d.rounded(), abs(d) <= Double(Int32.max) else { return nil }
        return Int(d)
    }
    /// Unix seconds as a date, when they are a finite number within ``WireTime/tolerance`` of `now`;
    /// nil when absent or out of range (the caller uses the receive time and notes it).
    func date(_ key: String, near now: Date) -> Date? {
        guard let seconds = double(key) else { return nil }
        return WireTime.date(seconds: seconds, near: now)
    }
    /// True when the field is present but not a usable timestamp.
    func hasBadDate(_ key: String, near now: Date) -> Bool { raw[key] != nil && date(key, near: now) == nil }

    /// Compact JSON of this object (or a sub-object) for the store's payload column.
    static func json(_ value: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation

/// Tolerant accessors over `JSONSerialization` output: Meta sends ids and timestamps as strings,
/// sometimes numbers; a missing or odd field is nil, never a crash.
struct JSONObject {
    let raw: [String: Any]
    init?(_ any: Any?) { guard let d = any as? [String: Any] else { return nil }; raw = d }

    subscript(key: String) -> Any? { raw[key] }

    func string(_ key: String) -> String? {
        switch raw[key] {
        case let s as String: return s
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
    func int(_ key: String) -> Int? {
        switch raw[key] {
        case let n as NSNumber: return n.intValue
        case let s as String: return Int(s)
        default: return nil
        }
    }
    /// Unix seconds as a date.
    func date(_ key: String) -> Date? { double(key).map { Date(timeIntervalSince1970: $0) } }

    /// Compact JSON of this object (or a sub-object) for the store's payload column.
    static func json(_ value: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

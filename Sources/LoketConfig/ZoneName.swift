import Foundation

/// Whether an IANA zone name is real: looked up in the system's zone database (tzdata) when it is there,
/// so reading loket.toml loads no ICU; otherwise asked of Foundation.
public enum ZoneName {
    public static let database = "/usr/share/zoneinfo"

    public static func isKnown(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("..") else { return false }
        if FileManager.default.fileExists(atPath: database + "/UTC") {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: database + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        return TimeZone(identifier: name) != nil
    }
}

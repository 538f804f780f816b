/// A problem in a configuration or theme file, always naming the file, the line (when known) and the key.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let key: String?
    public let problem: String

    public init(file: String, line: Int?, key: String?, problem: String) {
        self.file = file; self.line = line; self.key = key; self.problem = problem
    }

    /// `loket.toml:12: [server] port: must be 1-65535, got 70000`
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let key { s += "\(key): " }
        return s + problem
    }
}

import Foundation
import LoketConfig
#if canImport(Glibc)
import Glibc
#endif

/// A configuration decides where the bearer token is sent, so only its owner (or root) may be able to
/// change it: a `loket.toml` planted in a shared folder, or one that others may write, is refused.
enum ConfigTrust {
    static func check(path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }   // a missing file is reported by the loader
        let me = getuid()
        if st.st_uid != me && st.st_uid != 0 {
            let owner = getpwuid(st.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(st.st_uid)"
            throw ConfigError(file: path, line: nil, key: nil,
                              problem: "belongs to \(owner), not to you or root; refusing to use it (it decides where the access token goes)")
        }
        if st.st_mode & 0o022 != 0 {
            throw ConfigError(file: path, line: nil, key: nil,
                              problem: "can be changed by users other than its owner (mode \(String(st.st_mode & 0o777, radix: 8))); run: chmod go-w \(path)")
        }
    }
}

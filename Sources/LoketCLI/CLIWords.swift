import Foundation
import LoketConfig
import LoketConsole

/// The language of the CLI's error lines (docs/SPEC.md §11): `[console] language` once the config is read,
/// else `$LANG`. A refusal or bad input comes out in Bahasa Indonesia as it does in the console; the exit
/// codes, key names and JSON stay as they are.
enum CLIWords {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var words = Words.bundled(.from(setting: nil, environment: ProcessInfo.processInfo.environment))

    static var current: Words { lock.withLock { words } }

    /// Follows the configured language.
    static func follow(_ config: LoketConfiguration) {
        guard let setting = config.language else { return }
        let chosen = Words.bundled(.from(setting: setting, environment: [:]))
        lock.withLock { words = chosen }
    }
}

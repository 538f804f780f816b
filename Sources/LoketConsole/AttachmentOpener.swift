import Foundation

/// How `o` shows an attachment (docs/SPEC.md §9): with a graphical session (`$DISPLAY`/`$WAYLAND_DISPLAY`)
/// through `xdg-open`, beside the console; otherwise with `$LOKET_OPENER` when set, or an image in the terminal
/// with `chafa` when installed (the console hands the terminal over meanwhile and comes back on any key);
/// otherwise the console shows the file's path and type (over SSH, `loket media get` gives the same path).
enum AttachmentOpener {
    enum Plan: Equatable, Sendable {
        /// Started beside the console, which keeps the terminal.
        case beside(argv: [String])
        /// The console hands the terminal over until the program ends.
        case inTerminal(argv: [String])
        /// Nothing can show it here: the console says where the file is.
        case showPath
    }

    /// Decides from the environment; `installed` says whether a program is on `$PATH`.
    static func plan(file: String, mimeType: String?, environment: [String: String],
                     installed: (String) -> Bool = { isInstalled($0, path: ProcessInfo.processInfo.environment["PATH"]) }) -> Plan {
        let graphical = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
        if graphical, installed("xdg-open") {
            return .beside(argv: ["/bin/sh", "-c", "xdg-open \"$1\" >/dev/null 2>&1 &", "sh", file])
        }
        if let opener = environment["LOKET_OPENER"], !opener.trimmingCharacters(in: .whitespaces).isEmpty {
            // The opener may carry arguments (`less -R`): the shell splits it, the path stays one word.
            return .inTerminal(argv: ["/bin/sh", "-c", clear + opener + " \"$1\"", "sh", file])
        }
        if mimeType?.hasPrefix("image/") == true, installed("chafa") {
            return .inTerminal(argv: ["/bin/sh", "-c", """
                \(clear)chafa "$1"; printf '\\n%s ' "$2"; stty raw -echo; dd bs=1 count=1 >/dev/null 2>&1; stty -raw echo; printf '\\n'
                """, "sh", file, "[any key: back to Loket]"])
        }
        return .showPath
    }

    /// The viewer starts on a clear screen (not on what the last one left).
    static let clear = "printf '\\033[H\\033[2J'; "

    static func isInstalled(_ program: String, path: String?) -> Bool {
        (path ?? "/usr/bin:/bin").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Runs a plan's program and waits for it (the opener exits at once when it starts something beside);
    /// its exit status, or nil when it could not start.
    static func run(_ argv: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32? {
        ExternalEditor.run(argv, environment: environment)
    }
}

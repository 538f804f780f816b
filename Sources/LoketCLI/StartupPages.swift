#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The console's start-up code (argument parsing, the config, opening and checking the store, the first
/// queries) runs once. Once the first frame is on the screen the console drops its mappings of that kind of
/// code: the executable's own and Foundation's (`r-xp` file pages; the Swift runtime, the C library, ncurses
/// and SQLite, which every keystroke runs, stay). What stays resident is then what the console runs while
/// it is in use; a page needed again comes back from the page cache on its next use. Code pages are never
/// written, so nothing is lost; data pages are not touched.
enum StartupPages {
    static func release() {
        #if os(Linux)
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "r-xp", fields[5].hasPrefix("/") else { continue }
            let path = String(fields[5])
            guard path == executable || path.contains("/libFoundation") else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16), high > low,
                  let start = UnsafeMutableRawPointer(bitPattern: low) else { continue }
            _ = madvise(start, Int(high - low), MADV_DONTNEED)
        }
        #endif
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who may read the store's files: customers' messages are in them. The store, its WAL and shared-memory
/// files and the gateway lock are 0600 and new folders 0700; with a team group (`[store] group`) 0660 and
/// 2770, owned by that group, so the team's OS users share it and nobody else reads it.
enum StoreFiles {
    static func fileMode(group: String?) -> mode_t { group == nil ? 0o600 : 0o660 }
    static func folderMode(group: String?) -> mode_t { group == nil ? 0o700 : 0o2770 }

    /// Creates the store's folder (missing levels only) and an empty store file with the right modes.
    static func create(path: String, group: String?) throws {
        let gid = try groupID(group)
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try createFolders(dir, group: group, gid: gid) }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, fileMode(group: group))
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreUnavailableError.cannot("create \(path)", errno)
        }
        _ = fchmod(fd, fileMode(group: group))   // the umask may have taken bits the team needs
        if let gid { _ = fchown(fd, uid_t.max, gid) }
        close(fd)
    }

    /// Sets the modes of the store's files that exist (SQLite creates the WAL and SHM files itself, from the
    /// store's mode less the umask) and reports a store that others can read.
    static func secure(path: String, group: String?) -> String? {
        let gid = (try? groupID(group)) ?? nil
        var warning: String?
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & 0o004 != 0 {
            warning = "\(path) is readable by every user on this host (mode \(String(st.st_mode & 0o777, radix: 8))); "
                + "run: chmod 600 \(path) \(path)-wal \(path)-shm (or set [store] group)"
        }
        for file in [path + "-wal", path + "-shm"] where stat(file, &st) == 0 && st.st_uid == getuid() {
            if st.st_mode & 0o777 != fileMode(group: group) { _ = chmod(file, fileMode(group: group)) }
            if let gid { _ = chown(file, uid_t.max, gid) }
        }
        return warning
    }

    private static func createFolders(_ dir: String, group: String?, gid: gid_t?) throws {
        var missing: [String] = []
        var current = dir
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            if mkdir(folder, folderMode(group: group)) != 0 && errno != EEXIST {
                throw StoreUnavailableError.cannot("create folder \(folder)", errno)
            }
            _ = chmod(folder, folderMode(group: group))
            if let gid { _ = chown(folder, uid_t.max, gid) }
        }
    }

    private static func groupID(_ name: String?) throws -> gid_t? {
        guard let name else { return nil }
        guard let g = getgrnam(name) else { throw StoreUnavailableError.noGroup(name) }
        return g.pointee.gr_gid
    }
}

/// File-system failures while preparing the store's files.
enum StoreUnavailableError: Error, CustomStringConvertible {
    case cannot(String, Int32)
    case noGroup(String)
    var description: String {
        switch self {
        case .cannot(let what, let code): return "cannot \(what): \(String(cString: strerror(code)))"
        case .noGroup(let name): return "[store] group '\(name)' is not a group on this host"
        }
    }
}

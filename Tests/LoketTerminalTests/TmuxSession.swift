import Foundation
import LoketTestSupport

/// A tmux session running a shell, driven like a person at a keyboard (fzf's approach: send-keys,
/// capture-pane, poll until the screen shows what we wait for).
final class TmuxSession {
    let name: String
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || Subprocess.which("tmux") != nil }

    /// `term` is the shell's TERM: tmux's own entry (what tmux users have) behaves differently from screen's.
    init(width: Int = 120, height: Int = 32, term: String = "screen-256color", environment: [String: String]) throws {
        name = "loket-test-\(UUID().uuidString.prefix(8))"
        let exports = environment.map { "export \($0.key)='\($0.value)'" }.joined(separator: "; ")
        let created = try Self.server.run(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                                           "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=\(term) LANG=C.UTF-8 LC_ALL=C.UTF-8 bash --norc --noprofile"])
        guard created.status == 0 else { throw SubprocessError.failed("tmux new-session exited with \(created.status)") }
        try Self.tmux(["set-option", "-t", name, "status", "off"])
        send("export PS1='$ '; \(exports); clear", enter: true)
    }

    deinit { _ = try? Self.tmux(["kill-session", "-t", name]) }

    /// One tmux server for this test process, on its own socket in the scratch directory: tests never touch
    /// the user's sessions, it outlives every test's session (see ``TmuxServer``), and the socket file goes
    /// with the run.
    static let server = TmuxServer(socket: ScratchDirectory.make("tmux") + "/socket")

    @discardableResult
    static func tmux(_ args: [String]) throws -> String { try server.run(args).stdout }

    /// Types `text` literally (UTF-8 as is), optionally followed by Enter.
    func send(_ text: String, enter: Bool = false) {
        _ = try? Self.tmux(["send-keys", "-t", name, "-l", text])
        if enter { key("Enter") }
    }

    /// Presses a named key (`Enter`, `Escape`, `C-c`, `M-Enter`, …).
    func key(_ k: String) { _ = try? Self.tmux(["send-keys", "-t", name, k]) }

    /// Pastes `text` the way a terminal does (bracketed, when the program asked for it).
    func paste(_ text: String) {
        _ = try? Self.tmux(["set-buffer", "-b", "loket-test", text])
        _ = try? Self.tmux(["paste-buffer", "-p", "-b", "loket-test", "-t", name])
    }

    func resize(_ w: Int, _ h: Int) { _ = try? Self.tmux(["resize-window", "-t", name, "-x", "\(w)", "-y", "\(h)"]) }

    /// The pid of the pane's shell: what runs in the pane are its children.
    var shellPID: String {
        ((try? Self.tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var screen: String { (try? Self.tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// Waits until the screen satisfies `condition` (up to `seconds`).
    func waitFor(_ seconds: TimeInterval = 10, _ condition: (String) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(screen) { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return condition(screen)
    }

    /// Waits until the console is laid out for `width`x`height`: the boxes' bottom border spans the width
    /// on the second-last row. (tmux applies a resize to the pane later than resize-window returns.)
    func waitForLayout(_ width: Int, _ height: Int) async -> Bool {
        await waitFor { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count >= height - 1 && rows[height - 2].hasPrefix("└") && rows[height - 2].count == width
        }
    }

    func waitFor(_ text: String, seconds: TimeInterval = 10) async -> Bool { await waitFor(seconds) { $0.contains(text) } }

    /// Presses j until a line with ▶ contains `text`, waiting for the screen after each press.
    func select(_ text: String, tries: Int = 8) async -> Bool {
        func selected(_ screen: String) -> Bool { screen.components(separatedBy: "\n").contains { $0.contains("▶") && $0.contains(text) } }
        for _ in 0..<tries {
            if await waitFor(0.5, selected) { return true }
            send("j")
        }
        return await waitFor(1, selected)
    }
}

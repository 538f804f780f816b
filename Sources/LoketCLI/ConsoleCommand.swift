import ArgumentParser
import Foundation
import LoketConfig
import LoketConsole
import LoketDomain
import LoketMedia
import LoketSQLite
import LoketStore
import TermCore
import TermCurses

/// `loket console` (and plain `loket`): the TUI.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the console (the default command).",
        discussion: "o opens the attachment under the cursor: with $DISPLAY or $WAYLAND_DISPLAY through xdg-open, else with $LOKET_OPENER (a program given the file's path as its last argument), else photos with chafa when installed, else the console shows the file's path.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Your login (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var agent: String?
    @Option(help: "Theme name (in themes/) or path, instead of [console] theme.") var theme: String?
    @Option(help: "Key bindings file (default: keys.toml beside the config).") var keys: String?

    func run() async throws {
        try await guarded {
            let (config, store) = try await global.open()
            // Everything that can be wrong is checked before the screen opens.
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let chosen = try ThemeLoader.load(self.theme ?? config.theme)
            let theme = noColor ? chosen.withoutColour(attributes: try ThemeLoader.load("mono")) : chosen
            // keys.toml beside the config is optional; a file named with --keys must exist.
            if let named = keys, !FileManager.default.fileExists(atPath: named) {
                throw ConfigError(file: named, line: nil, key: nil, problem: "no such file (given with --keys)")
            }
            let keymap = try Keymap.load(path: keys ?? keysPath(config: global.configLocation.path))
            let login = try await global.acting(agent, store)
            guard let me = try await store.agent(login: login) else {
                throw NotFound("no agent '\(login)' in \(global.storePath); add one with: loket agent add \(login) --name NAME (or pass --agent)")
            }
            if try await store.business() == nil {
                try await store.saveBusiness(BusinessProfile(name: config.business.name, displayNumber: config.business.displayNumber,
                                                             official: config.business.official))
            }
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                throw InputError("loket console needs a terminal (stdin and stdout must be a TTY)")
            }
            try await ConsoleRunner.run(store: store, me: me, theme: theme, keymap: keymap,
                                        settings: ConsoleSettings(config, mediaFolder: global.mediaFolder(config)))
        }
    }

    func keysPath(config: String) -> String {
        ((config as NSString).deletingLastPathComponent as NSString).appendingPathComponent("keys.toml")
    }
}

/// Wires the real terminal to the console loop, and always gives the terminal back.
@MainActor
enum ConsoleRunner {
    static func run(store: any LoketStore, me: Agent, theme: Theme, keymap: Keymap, settings: ConsoleSettings) async throws {
        let terminal = CursesTerminal(noColor: ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
        defer { terminal.end() }
        let controller = ConsoleController(store: store, me: me, keymap: keymap, theme: theme, settings: settings)
        let loop = ConsoleLoop(controller: controller, terminal: terminal, store: store)
        let (input, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        terminal.watchInput { wake.yield() }
        await loop.run(input: input, inputConsumed: { terminal.inputConsumed() }, beforeEvent: {
            // SIGWINCH says so at once; the size is also compared before every event (a tick is one a second),
            // so a resize whose signal came in a busy moment is never missed.
            if TerminalGuard.takeResize() || terminal.sizeChanged { terminal.refreshSize() }
        }, shouldStop: { TerminalGuard.shouldStop }, afterFirstFrame: { StartupPages.release() })
    }
}

extension ConsoleSettings {
    /// What the console takes from loket.toml: the SLA, the send rate (announcement ETA), the presets and the opening hours.
    init(_ config: LoketConfiguration, mediaFolder: MediaFolder) {
        self.init(slaMinutes: config.firstResponseMinutes, timeZone: config.business.timeZone)
        self.mediaFolder = mediaFolder.path
        sharedMedia = config.store.group != nil
        throughput = config.cloudAPI.throughput
        presets = config.presets
        businessHours = config.businessHours
        language = Words.Language.from(setting: config.language, environment: ProcessInfo.processInfo.environment)
        readReceipts = config.readReceipts
    }
}

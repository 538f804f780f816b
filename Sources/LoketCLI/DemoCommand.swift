import ArgumentParser
import Foundation
import LoketConfig
import LoketConsole
import LoketDemo
import LoketDomain
import LoketMedia
import LoketSQLite
import LoketStore
import Logging

/// `loket demo`: a busy Bank Nusantara help desk with nothing to set up (docs/SPEC.md §1).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A zero-setup demo: seeded store, gateway, simulated Cloud API and customers, and the console as supervisor demo.",
        discussion: """
        Everything runs in this process on 127.0.0.1 with secrets generated for the run. Running it again reuses the store.
        With --no-console, other terminals join with: loket console --store loket-demo.db --agent sari
        """)

    @Option(help: "The demo store (created and seeded when it does not exist).") var store = "loket-demo.db"
    @Flag(help: "Run only the simulation (gateway, Cloud API, customers); stop with Ctrl-C.") var noConsole = false

    /// The demo number's send rate: the gateway's limit and the console's announcement ETA.
    static let throughput = 80

    /// Announcements on F6–F8, as a team would put them in loket.toml.
    static let presets: [LoketConfiguration.AnnouncementPreset] = [
        .init(key: "F6", template: "service_disruption", language: "id",
              params: ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"], audience: "open"),
        .init(key: "F7", template: "service_restored", language: "id", params: ["ATM dan mobile banking"], audience: "open"),
        .init(key: "F8", template: "maintenance_notice", language: "en_US",
              params: ["Internet banking", "Sunday 30 November", "01:00 to 04:00 WIB"], audience: "all"),
    ]

    func run() async throws {
        try await guarded {
            if !noConsole && (isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1) {
                throw InputError("loket demo opens the console and needs a terminal; use loket demo --no-console to run only the simulation")
            }
            let sqlite = try SQLiteStore(path: store, rateCard: try RateCardLoader.load(for: LoketConfiguration()))
            let fresh = try await !DemoDesk.isSeeded(sqlite)
            let media = MediaFolder.defaultPath(forStore: store)
            if fresh { try await DemoDesk.seed(sqlite, mediaFolder: MediaFolder(path: media)) }
            // The console owns the screen: the simulation keeps quiet then.
            var logger = noConsole ? Log.make("loket.demo") : Logger(label: "loket.demo", factory: { _ in SwiftLogNoOpLogHandler() })
            if noConsole { logger.logLevel = .notice }
            let rig = try await DemoRig(store: sqlite, throughput: Self.throughput, mediaFolder: media, logger: logger)
            if noConsole {
                // Listen for Ctrl-C before saying it works: a Ctrl-C right after the banner must stop cleanly too.
                let stopSignal = StopSignal()
                print("""
                loket demo: \(fresh ? "created and seeded" : "reusing") \(store) (Bank Nusantara, \(DemoDesk.agents.count) agents + supervisor \(DemoDesk.supervisor))
                gateway     http://127.0.0.1:\(rig.gatewayPort)/webhook   (Cloud API simulator on 127.0.0.1:\(rig.simulatorPort))
                join with   loket console --store \(store) --agent sari
                Ctrl-C stops everything.
                """)
                fflush(nil)
                await stopSignal.wait()
                print("loket demo: stopping")
            } else {
                guard let me = try await sqlite.agent(login: DemoDesk.supervisor) else {
                    throw NotFound("no agent '\(DemoDesk.supervisor)' in \(store); remove the file to start the demo afresh")
                }
                // Bank Nusantara is in Jakarta: clock times and pending times are read in its zone.
                var settings = ConsoleSettings(slaMinutes: 5, timeZone: "Asia/Jakarta")
                settings.presets = Self.presets
                settings.throughput = Self.throughput
                settings.mediaFolder = media
                // The demo speaks the user's language: Bahasa Indonesia when $LANG starts with id.
                settings.language = Words.Language.from(setting: nil, environment: ProcessInfo.processInfo.environment)
                do {
                    try await ConsoleRunner.run(store: sqlite, me: me, theme: try ThemeLoader.load("default"), keymap: Keymap(),
                                                settings: settings)
                } catch {
                    await rig.stop()
                    throw error
                }
            }
            await rig.stop()
        }
    }
}

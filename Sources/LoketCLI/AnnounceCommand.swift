import ArgumentParser
import Foundation
import LoketConfig
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket announce`: a service announcement to an audience (supervisors only).
struct AnnounceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "announce",
        abstract: "Send an approved template to an audience: open, all, label:NAME or country:CC (supervisors).",
        discussion: "--dry-run prints the preview (recipients, opted-out excluded, estimated cost, ETA); --yes sends and follows progress.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Template name (loket templates list).") var template: String
    @Option(help: "Template language, e.g. id or en_US (default: its approved language).") var language: String?
    @OptionGroup var values: TemplateOptions
    @Option(help: "open, all, label:NAME or country:CC.") var audience: String = "open"
    @Option(help: "The supervisor sending it (default: you; naming someone else is refused unless you administer the store).") var by: String?
    @Flag(help: "Only show what would happen.") var dryRun = false
    @Flag(help: "Send without asking.") var yes = false

    func run() async throws {
        try await guarded {
            let audience = try AudienceSpec(parsing: audience)
            let (config, store) = try await global.open()
            guard let id = try await values.withValues(template: template, language: language, store: store,
                                                       folder: global.mediaFolder(config), {
                try await announce($0, store: store, config: config, audience: audience, as: try await global.acting(by, store))
            })
            else { return }
            print("announcement #\(id) queued: the gateway (loket serve) sends it")
            try await follow(id, store: store)
        }
    }

    /// Shows the preview and, unless it is a dry run or the supervisor says no, starts it: its id, else nil.
    func announce(_ values: TemplateValues, store: any LoketStore, config: LoketConfiguration, audience: AudienceSpec,
                  as by: String) async throws -> Int64? {
        let preview = try await store.previewAnnouncement(template: template, language: language, values: values, audience: audience, by: by)
        let throughput = config.cloudAPI.throughput
        print("""
        template   \(terminalSafe(preview.template)) (\(terminalSafe(preview.language)), \(preview.category.rawValue))
        text       \(terminalSafe(preview.body))
        audience   \(terminalSafe("\(preview.audience)")): \(preview.recipients) recipient\(preview.recipients == 1 ? "" : "s"), \(preview.excludedOptedOut) opted out (excluded)
        cost       about \(preview.estimatedCost.decimalString) \(preview.estimatedCost.currency) (rate card, priced on delivery)
        eta        \(preview.etaText(throughput: throughput)) at \(throughput) messages/s
        """)
        if dryRun { return nil }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("pass --yes to send it (or --dry-run to only preview)")
            }
            FileHandle.standardOutput.write(Data("Send it to \(preview.recipients) customers? [y/N] ".utf8))
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                print("not sent")
                return nil
            }
        }
        return try await store.startAnnouncement(template: template, language: language, values: values, audience: audience, by: by).id
    }

    /// Progress until nothing is left to send: a bar on a terminal, plain lines otherwise.
    func follow(_ id: Int64, store: any LoketStore) async throws {
        let tty = isatty(STDOUT_FILENO) == 1
        var last = ""
        while true {
            let p = try await store.announcementProgress(id)
            let line = p.summary
            if tty {
                FileHandle.standardOutput.write(Data("\r\(p.bar(width: 30)) \(line)".utf8))
            } else if line != last {
                print(line)
            }
            last = line
            if p.isSettled { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        if tty { print("") }
    }
}

import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket export`: JSON Lines of messages, one object per line, in id order.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Print messages as JSON Lines.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this conversation (id or customer number).") var conversation: String?
    @Option(help: "Only messages from this date (YYYY-MM-DD or RFC 3339).") var since: String?

    func run() async throws {
        try await guarded {
            let filter = ExportFilter(conversation: try conversation.map { s throws(InputError) in try ConversationRef(parsing: s) },
                                      since: try since.map { try parseDate($0, flag: "--since") })
            let (_, store) = try await global.open()
            var after: Int64 = 0
            let out = FileHandle.standardOutput
            while true {
                let page = try await store.exportMessages(filter, after: after, limit: 2000)
                guard let last = page.last else { break }
                var chunk = ""
                for r in page { chunk += JSONOutput.line(JSONOutput.message(r)) + "\n" }
                out.write(Data(chunk.utf8))
                after = last.message.id
            }
        }
    }
}

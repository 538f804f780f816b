public import ArgumentParser

/// `loket`: the root command. Subcommands follow docs/SPEC.md §1.
public struct LoketCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "loket",
        abstract: "A terminal customer-service console for a team sharing one WhatsApp Business number.",
        discussion: """
        Exit codes: 0 ok, 64 usage error, 65 bad input data, 69 refused by a rule, 75 temporary failure.
        CONVERSATION is a conversation id or the customer's number (+62812... or 62812...).
        """,
        subcommands: [
            ConsoleCommand.self, InitCommand.self, AgentCommand.self, ConversationsCommand.self,
            ReplyCommand.self, ReactCommand.self, NoteCommand.self, AssignCommand.self, ResolveCommand.self, ReopenCommand.self, SearchCommand.self, LabelCommand.self, CannedCommand.self, CustomerCommand.self, PendingCommand.self,
            TemplatesCommand.self, MediaCommand.self, ReportCommand.self, ExportCommand.self, MigrateCommand.self, ServeCommand.self, AuditCommand.self, AnnounceCommand.self,
            DemoCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
    public init() {}
}

extension LoketCommand {
    /// Parses the process arguments and runs the chosen (async) subcommand.
    public static func start(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

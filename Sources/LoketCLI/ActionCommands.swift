import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketMedia
import LoketStore

/// `loket reply`: queue a reply exactly as the console would (same rules, same outbox).
struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply", abstract: "Queue a reply to the customer (sent by the gateway's outbox).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "The agent replying (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var agent: String?
    @Option(help: "The reply (at most 4096 characters).") var text: String?
    @Option(name: .customLong("reply-to"), help: "wamid of the customer message being answered.") var replyTo: String?
    @Option(help: "A file to send (image, video, audio, document or sticker; Meta's types and sizes are checked).") var attach: String?
    @Option(help: "The attachment's caption (with --attach).") var caption: String?
    @Option(help: "A reply button under --text (repeat: 1 to 3; at most 20 characters each).") var button: [String] = []
    @Option(name: .customLong("list-button"), help: "Send --text with a list opened by a button with this label (with --row).")
    var listButton: String?
    @Option(help: "A list row: TITLE or TITLE::DESCRIPTION (repeat: 1 to 10; with --list-button).") var row: [String] = []
    @Option(help: "A footer under the text (with --button or --list-button; at most 60 characters).") var footer: String?
    @Option(help: "Send this approved template instead of text (works with the 24h window closed).") var template: String?
    @Option(help: "The template's language (default: its only or first approved one).") var language: String?
    @OptionGroup var values: TemplateOptions

    /// The interactive message the options describe, if any (its limits are checked by the store).
    func interactive() throws -> InteractiveMessage? {
        if !button.isEmpty && (listButton != nil || !row.isEmpty) { throw InputError("--button and --list-button/--row are two kinds of message; give one") }
        if listButton == nil && !row.isEmpty { throw InputError("--row goes with --list-button LABEL") }
        if footer != nil && button.isEmpty && listButton == nil { throw InputError("--footer goes with --button or --list-button") }
        if attach != nil && (!button.isEmpty || listButton != nil) { throw InputError("--attach cannot carry buttons or a list") }
        if !button.isEmpty { return .buttons(button, body: text ?? "", footer: footer) }
        if let listButton { return .list(button: listButton, rows: row, body: text ?? "", footer: footer) }
        return nil
    }

    func run() async throws {
        try await guarded {
            let ref = try ConversationRef(parsing: conversation)
            let choices = try interactive()
            if template == nil && (language != nil || !values.isEmpty) {
                throw InputError("--language, --param, --header-media and --button-param go with --template")
            }
            if template != nil && (text != nil || attach != nil || choices != nil) {
                throw InputError("--template sends the template alone; leave out --text, --attach, --button and --list-button")
            }
            if let template {
                let (config, store) = try await global.open()
                let by = try await global.acting(agent, store)
                let m = try await values.withValues(template: template, language: language, store: store, folder: global.mediaFolder(config)) {
                    try await store.sendTemplate(ref, by: by, name: template, language: language, values: $0)
                }
                print("queued message \(m.id) in conversation \(m.conversationID)")
                return
            }
            if attach == nil && caption != nil { throw InputError("--caption goes with --attach") }
            if attach != nil && text != nil { throw InputError("--attach sends a file with --caption; --text is for a reply without one") }
            guard attach != nil || text != nil else { throw InputError("give --text, or --attach FILE") }
            let (config, store) = try await global.open()
            let m: Message
            if let attach {
                // Checked before anything is kept or queued; the copy in the media folder is what the gateway sends.
                let by = try await global.acting(agent, store)
                m = try await AttachmentIntake.send(path: attach, folder: global.mediaFolder(config)) { attachment in
                    try await store.sendAttachment(ref, by: by, attachment: attachment, caption: caption, replyTo: replyTo)
                }
            } else if let choices {
                m = try await store.sendInteractive(ref, by: try await global.acting(agent, store), message: choices, replyTo: replyTo)
            } else {
                m = try await store.reply(ref, by: try await global.acting(agent, store), text: text ?? "", replyTo: replyTo)
            }
            print("queued message \(m.id) in conversation \(m.conversationID)")
        }
    }
}

/// `loket note`: a private note, never sent to the customer.
struct NoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a private note (never sent).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "The agent writing (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var agent: String?
    @Option(help: "The note.") var text: String

    func run() async throws {
        try await guarded {
            let ref = try ConversationRef(parsing: conversation)
            let (_, store) = try await global.open()
            let m = try await store.note(ref, by: try await global.acting(agent, store), text: text)
            print("noted as message \(m.id) in conversation \(m.conversationID)")
        }
    }
}

/// `loket assign`: claim (to == by) or reassign.
struct AssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Claim a conversation (--to yourself) or reassign it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "Who gets it.") var to: String
    @Option(help: "Who is acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
    @Option(help: "Why (kept in the audit trail).") var reason: String?

    func run() async throws {
        try await guarded {
            let ref = try ConversationRef(parsing: conversation)
            let (_, store) = try await global.open()
            let actor = try await global.acting(by, store)
            let t = try await store.assign(ref, to: to, by: actor, reason: reason)
            if !t.changed { print("\(to) already holds \(ref); nothing changed") }
            else if to == actor { print("\(actor) claimed \(ref)") }
            else { print("\(ref) assigned to \(to)") }
        }
    }
}

/// `loket resolve`.
struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve a conversation.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "Who is acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?

    func run() async throws {
        try await guarded {
            try await global.onConversation(conversation) { _, store, ref in
                let t = try await store.resolve(ref, by: try await global.acting(by, store))
                print(t.changed ? "resolved \(ref)" : "\(ref) was already resolved")
            }
        }
    }
}

/// `loket reopen` (docs/SPEC.md §10).
struct ReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Open a resolved conversation again with its last agent (that agent or a supervisor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "Who is acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?

    func run() async throws {
        try await guarded {
            try await global.onConversation(conversation) { _, store, ref in
                let t = try await store.reopen(ref, by: try await global.acting(by, store))
                print("reopened \(ref)" + (t.assignee.map { " with \($0)" } ?? ""))
            }
        }
    }
}

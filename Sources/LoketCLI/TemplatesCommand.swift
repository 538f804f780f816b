import ArgumentParser
import Foundation
import LoketCloudAPI
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket templates list|import`.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "Message templates (only APPROVED ones can be sent).",
        subcommands: [List.self, Import.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates with their status.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            try await guarded {
                let (_, store) = try global.open()
                let list = try await store.templates()
                if json {
                    print(JSONOutput.line(list.map { t -> [String: Any] in
                        ["name": t.name, "language": t.language, "category": t.category.rawValue.uppercased(),
                         "status": t.status, "quality": JSONOutput.orNull(t.quality),
                         "parameters": TemplateText.placeholders(inComponents: t.componentsJSON),
                         "body": JSONOutput.orNull(TemplateText.body(ofComponents: t.componentsJSON)),
                         "sendable": t.isApproved]
                    }))
                } else {
                    print(TextTable.render(["NAME", "LANGUAGE", "CATEGORY", "STATUS", "QUALITY", "PARAMS", "BODY"], list.map { t in
                        [t.name, t.language, t.category.rawValue.uppercased(), t.status, t.quality ?? "-",
                         String(TemplateText.placeholders(inComponents: t.componentsJSON).count),
                         TextTable.clip(TemplateText.body(ofComponents: t.componentsJSON) ?? "", 50)]
                    }))
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Meta's message_templates listing (JSON) into the store.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A JSON file as returned by GET /{waba-id}/message_templates.") var file: String

        func run() async throws {
            try await guarded {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw InputError("\(file) cannot be read")
                }
                let templates = try TemplateListing.decode(data, file: file)
                let (_, store) = try global.open()
                try await store.upsertTemplates(templates)
                let approved = templates.filter(\.isApproved).count
                print("imported \(templates.count) templates (\(approved) approved)")
            }
        }
    }
}

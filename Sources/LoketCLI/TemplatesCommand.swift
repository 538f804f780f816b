import ArgumentParser
import Foundation
import LoketCloudAPI
import LoketConfig
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket templates list|import|sync`.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "Message templates (only APPROVED ones can be sent).",
        subcommands: [List.self, Import.self, Sync.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates with their status.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            try await guarded {
                let (_, store) = try await global.open()
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

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every page of GET /{waba_id}/message_templates into the store (header, body, footer, buttons).",
            discussion: "Uses [cloud_api] base_url and waba_id, and the token from the variable [cloud_api] access_token_env names. Templates Meta no longer lists are kept as DELETED (never offered).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await guarded {
                let (config, store) = try await global.open()
                guard !config.cloudAPI.wabaID.isEmpty else {
                    throw InputError("[cloud_api] waba_id is not set in the configuration; templates are listed per WhatsApp Business Account")
                }
                let variable = config.cloudAPI.accessTokenEnv
                guard let token = ProcessInfo.processInfo.environment[variable], !token.isEmpty else {
                    throw InputError("${1} is not set, so Meta's templates cannot be read", variable)
                }
                let client = CloudAPIClient(baseURL: config.cloudAPI.baseURL, phoneNumberID: config.cloudAPI.phoneNumberID, token: token)
                let now = Date()
                let (listed, pages) = try await client.allTemplates(wabaID: config.cloudAPI.wabaID, now: now)
                let atMeta = Set(listed.map { $0.name + "|" + $0.language })
                let gone = try await store.templates().filter { !atMeta.contains($0.name + "|" + $0.language) && $0.status != "DELETED" }.map {
                    var t = $0
                    t.status = "DELETED"; t.updatedAt = now
                    return t
                }
                try await store.upsertTemplates(listed + gone)
                let approved = listed.filter(\.isApproved).count
                print("synced \(listed.count) templates (\(approved) approved) from \(pages) page\(pages == 1 ? "" : "s")"
                      + (gone.isEmpty ? "" : "; \(gone.count) no longer at Meta, kept as DELETED"))
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
                let (_, store) = try await global.open()
                try await store.upsertTemplates(templates)
                let approved = templates.filter(\.isApproved).count
                print("imported \(templates.count) templates (\(approved) approved)")
            }
        }
    }
}

import Foundation
import Testing
import LoketDomain
import LoketSQLite
import LoketStore

/// Issue 15.8: names, template bodies and reasons from the store reach a human's terminal without escape
/// sequences or BiDi overrides, while `--json` keeps them exact.
@Suite struct TerminalSafeOutputTests {
    static let hostile = "\u{1B}[31mX\u{202E}"

    static func isClean(_ s: String) -> Bool {
        !s.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x2067 || $0.value == 0x07 || $0.value == 0x9B }
    }

    @Test func agentListPrintsNoEscapeButJSONKeepsTheName() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let add = try h.run("agent", "add", "eve", "--name", Self.hostile)
        #expect(add.status == 0, "\(add.err)")
        #expect(Self.isClean(add.out), "\(add.out.debugDescription)")
        let list = try h.run("agent", "list")
        #expect(list.status == 0)
        #expect(!list.out.utf8.contains(0x1B) && !list.out.unicodeScalars.contains("\u{202E}"), "\(list.out.debugDescription)")
        #expect(list.out.contains("eve  ") && list.out.contains("[31mX"))
        let json = try h.run("agent", "list", "--json")
        #expect(json.out.lowercased().contains(#""name":"\u001b[31mx"# + "\u{202E}\""), "\(json.out.debugDescription)")
        #expect(json.out.jsonArray.first { $0["login"] as? String == "eve" }?["name"] as? String == Self.hostile)
    }

    @Test func conversationsTemplatesAndAuditPrintNoEscape() async throws {
        let h = CLIHarness()
        let name = "Budi\u{1B}[2J\u{2067}Santoso"
        let store = try await h.seeded(customers: [("+6281234567890", name, "halo\u{1B}]0;pwned\u{07} kak\u{202E}")])
        try await store.upsertTemplates([MessageTemplate(
            name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
            componentsJSON: #"[{"type":"BODY","text":"Gangguan \u001b[2J{{1}}\u202e di {{2}}."}]"#, parameterFormat: "positional",
            updatedAt: Date())])
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "rudi", "--reason", "shift\u{1B}[2J\u{202E}").status == 0)
        for args in [["conversations"], ["templates", "list"], ["audit", "--by", "rudi"], ["agent", "list"],
                     ["announce", "--template", "service_disruption", "--param", "ATM", "--param", "X", "--audience", "all",
                      "--by", "rudi", "--dry-run"]] {
            let r = try h.run(args: args)
            #expect(r.status == 0, "\(args): \(r.err)")
            #expect(Self.isClean(r.out) && Self.isClean(r.err), "\(args): \(r.out.debugDescription)")
        }
        #expect(try h.run("conversations").out.contains("Budi[2JSantoso"))
        let json = try h.run("conversations", "--json").out.jsonArray
        #expect(json.first?["name"] as? String == name)
        // Errors quoting what a user typed are one clean line too.
        let bad = try h.run("reply", "1", "--agent", "nobody\u{1B}[2J", "--text", "x")
        #expect(bad.status != 0 && Self.isClean(bad.err) && bad.err.split(separator: "\n").count == 1, "\(bad.err.debugDescription)")
    }
}

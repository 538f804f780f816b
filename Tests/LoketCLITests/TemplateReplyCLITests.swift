import Foundation
import LoketDomain
import LoketSQLite
import LoketSimulator
import LoketStore
import Testing

/// `loket reply --template NAME [--language CODE] [--param VALUE | --param NAME=VALUE]...` (docs/SPEC.md §9).
@Suite struct TemplateReplyCLITests {
    @Test func aTemplateGoesToOneCustomerWithItsVariables() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        try await store.upsertTemplates([
            MessageTemplate(name: "tagihan", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Tagihan {{1}} jatuh tempo {{2}}"}]"#, parameterFormat: "positional",
                            updatedAt: Date()),
            MessageTemplate(name: "status_pesanan", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Pesanan {{order_id}} dikirim ke {{city}}"}]"#, parameterFormat: "named",
                            updatedAt: Date()),
        ])
        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        var r = try h.run("reply", "1", "--agent", "sari", "--template", "tagihan", "--param", "Rp 250.000", "--param", "5 Desember")
        #expect(r.status == 0, "\(r.err)")
        // Named variables by name, in any order; they go out with their parameter_name.
        r = try h.run("reply", "1", "--agent", "sari", "--template", "status_pesanan", "--param", "city=Bandung", "--param", "order_id=INV-7")
        #expect(r.status == 0, "\(r.err)")
        let depth = try await store.outboxStats(now: Date()).depth
        for args in [["--template", "tagihan", "--param", "Rp 250.000"],
                     ["--template", "status_pesanan", "--param", "kota=Bandung", "--param", "order_id=INV-7"],
                     ["--template", "status_pesanan", "--param", "order_id=INV-7"],
                     ["--template", "tagihan", "--text", "halo"],
                     ["--text", "halo", "--param", "x"]] {
            r = try h.run(args: ["reply", "1", "--agent", "sari"] + args)
            #expect(r.status == 65 && r.err.split(separator: "\n").count == 1, "\(args): \(r.status) \(r.err)")
        }
        #expect(try await store.outboxStats(now: Date()).depth == depth, "nothing queued by the bad ones")
        let templates = try await store.takeDue(now: Date(), limit: 10).compactMap { item -> OutboxPayload? in
            if case .template = item.payload { return item.payload } else { return nil }
        }
        #expect(templates == [.template(name: "tagihan", language: "id", parameters: ["Rp 250.000", "5 Desember"]),
                              .template(name: "status_pesanan", language: "id", parameters: ["INV-7", "Bandung"],
                                        parameterNames: ["order_id", "city"])])
    }
}

/// `loket templates sync` and a template with every component from the command line (docs/SPEC.md §9).
@Suite struct TemplateComponentsCLITests {
    static let token = "EAAG-cli-templates"
    static let receipt = MessageTemplate(
        name: "receipt", language: "id", category: .utility, status: "APPROVED",
        componentsJSON: #"""
        [{"type":"HEADER","format":"DOCUMENT"},
         {"type":"BODY","text":"Struk {{1}} untuk {{2}}."},
         {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"KODE1"},{"type":"URL","text":"Detail","url":"https://nusantara.example/s/{{1}}"}]}]
        """#, parameterFormat: "positional", updatedAt: Date())

    @Test func syncThenReplyWithAHeaderDocumentAndButtonValues() async throws {
        let h = CLIHarness()
        let store = try await h.seeded()
        let simulator = CloudAPISimulator(token: Self.token, phoneNumberID: "106540352242922", appSecret: "s")
        let old = MessageTemplate(name: "retired", language: "id", category: .marketing, status: "APPROVED",
                                  componentsJSON: #"[{"type":"BODY","text":"x"}]"#, parameterFormat: "positional", updatedAt: Date())
        try await store.upsertTemplates([old])
        simulator.defineTemplates([Self.receipt] + (0..<120).map { i in
            MessageTemplate(name: "info_\(i)", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Info"}]"#, parameterFormat: "positional", updatedAt: Date())
        })
        try h.configureCloudAPI(simulatorPort: try await simulator.start())
        var r = try await h.runAsync("templates", "sync")
        #expect(r.status == 65 && r.err.contains("LOKET_ACCESS_TOKEN is not set"), "\(r.err)")
        r = try await h.runAsync("templates", "sync", env: ["LOKET_ACCESS_TOKEN": Self.token])
        #expect(r.status == 0 && r.out == "synced 121 templates (121 approved) from 2 pages; 1 no longer at Meta, kept as DELETED\n", "\(r.out)\(r.err)")
        let kept = try await store.templates()
        #expect(kept.first { $0.name == "retired" }?.status == "DELETED")
        #expect(kept.first { $0.name == "receipt" }?.componentsJSON.contains("COPY_CODE") == true)

        #expect(try h.run("assign", "1", "--to", "sari", "--by", "sari").status == 0)
        let pdf = h.dir + "/struk.pdf"
        try Data("%PDF-1.4\nstruk".utf8).write(to: URL(fileURLWithPath: pdf))
        let depth = try await store.outboxStats(now: Date()).depth
        for (args, message) in [
            (["--param", "INV-9", "--param", "Budi", "--button-param", "KODE9", "--button-param", "INV-9"],
             "template 'receipt' needs a header document (a file or an https link)"),
            (["--param", "INV-9", "--param", "Budi", "--header-media", pdf, "--button-param", "KODE9"],
             "template 'receipt' takes 2 button values, got 1"),
            (["--param", "INV-9", "--param", "Budi", "--header-media", h.dir + "/none.pdf", "--button-param", "KODE9", "--button-param", "INV-9"],
             "no file \(h.dir)/none.pdf"),
        ] {
            r = try await h.runAsync(args: ["reply", "1", "--agent", "sari", "--template", "receipt"] + args)
            #expect(r.status == 65 && r.err == "loket: \(message)\n", "\(args): \(r.err)")
        }
        #expect(try await store.outboxStats(now: Date()).depth == depth, "nothing queued by the bad ones")
        r = try await h.runAsync("reply", "1", "--agent", "sari", "--template", "receipt", "--param", "INV-9", "--param", "Budi",
                                 "--header-media", pdf, "--button-param", "KODE9", "--button-param", "INV-9")
        #expect(r.status == 0, "\(r.err)")
        let due = try await store.takeDue(now: Date(), limit: 10)
        guard case .template(let name, let send)? = due.last?.payload else { Issue.record("no template queued: \(due)"); return }
        #expect(name == "receipt" && send.parameters == ["INV-9", "Budi"])
        #expect(send.headerMedia?.kind == .document && send.headerMedia?.fileName == "struk.pdf"
                && FileManager.default.fileExists(atPath: send.headerMedia?.file ?? ""), "the file is kept in the media folder")
        #expect(send.buttons == [.init(index: 0, subType: "copy_code", value: "KODE9"), .init(index: 1, subType: "url", value: "INV-9")])
        await simulator.stop()
    }
}

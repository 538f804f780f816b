import Foundation
import LoketDomain
import LoketSQLite
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

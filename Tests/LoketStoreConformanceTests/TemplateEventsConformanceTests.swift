import Foundation
import LoketDomain
import LoketStore
import LoketTestSupport
import Testing

/// Template webhooks (docs/SPEC.md §9): a status for a template never seen adds it; Meta's quality rating shows on it;
/// PAUSED / DISABLED stop it being offered.
@Suite struct TemplateEventsStoreTests {
    @Test(arguments: Backend.allCases) func statusesAddUnknownTemplatesAndQualityShowsOnThem(_ backend: Backend) async throws {
        let s = try await backend.store()
        try await s.upsertTemplates([MessageTemplate(name: "promo", language: "id", category: .marketing, status: "APPROVED",
                                                     componentsJSON: #"[{"type":"BODY","text":"Promo {{1}}"}]"#, parameterFormat: "positional",
                                                     updatedAt: Date())])
        try await s.ingest(InboundBatch(templateUpdates: [
            TemplateUpdate(name: "promo", language: "id", quality: "RED"),
            TemplateUpdate(name: "tagihan_bulanan", language: "id", status: "APPROVED", category: "UTILITY"),
        ]))
        let list = try await s.templates()
        #expect(list.first { $0.name == "promo" }?.quality == "RED")
        let added = try #require(list.first { $0.name == "tagihan_bulanan" })
        #expect(added.status == "APPROVED" && added.category == .utility && added.language == "id")
        // Paused: no longer offered.
        try await s.ingest(InboundBatch(templateUpdates: [TemplateUpdate(name: "promo", language: "id", status: "PAUSED")]))
        #expect(try await s.templates().first { $0.name == "promo" }?.isApproved == false)
        // A quality update alone for a template never seen adds nothing (no status to list it with).
        try await s.ingest(InboundBatch(templateUpdates: [TemplateUpdate(name: "ghost", language: "id", quality: "YELLOW")]))
        #expect(try await s.templates().contains { $0.name == "ghost" } == false)
    }
}

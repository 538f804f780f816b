import Foundation
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Meta's quality rating of a template shows where agents choose one.
@MainActor @Suite struct TemplateQualityConsoleTests {
    @Test func aTemplateMetaRatesLowSaysSoInThePicker() async throws {
        let f = try await ConsoleFixture()
        try await f.store.ingest(InboundBatch(templateUpdates: [TemplateUpdate(name: "service_disruption", language: "id", quality: "YELLOW")]))
        let sari = try await f.console(agent: "sari")
        await sari.press(.char("2"))
        #expect(await sari.select("Siti Rahma"))
        await sari.press(.char("t"))
        #expect(sari.line(containing: "service_disruption")?.contains("quality YELLOW") == true, "\(sari.text)")
    }
}

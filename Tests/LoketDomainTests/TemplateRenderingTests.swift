import Testing
@testable import LoketDomain

@Suite struct TemplateRenderingTests {
    @Test func parametersAreSubstitutedOnceAsMetaDoes() throws {
        let body = "Gangguan {{1}} di {{2}} sampai {{ 3 }}."
        // A value that looks like another placeholder stays as written.
        #expect(TemplateRendering.fill(body, with: ["{{2}}", "Jakarta", "14:00"]) == "Gangguan {{2}} di Jakarta sampai 14:00.")
        #expect(try TemplateRendering.render(body, parameters: ["ATM {{3}}", "{{1}}", "x"], placeholders: ["1", "2", "3"], name: "t")
                == "Gangguan ATM {{3}} di {{1}} sampai x.")
        // The live preview leaves placeholders not yet filled.
        #expect(TemplateRendering.fill(body, with: ["ATM"]) == "Gangguan ATM di {{2}} sampai {{ 3 }}.")
        #expect(TemplateRendering.fill("Halo {{name}}, {{name}}!", with: ["Budi"]) == "Halo Budi, Budi!")
        #expect(TemplateRendering.fill("tanpa {{ penutup", with: ["x"]) == "tanpa {{ penutup")
    }
}

import Testing
@testable import LoketDomain

@Suite struct TemplateRenderingTests {
    @Test func parametersAreSubstitutedOnceAsMetaDoes() throws {
        let body = "Gangguan {{1}} di {{2}} sampai {{ 3 }}."
        // A value that looks like another placeholder stays as written.
        #expect(TemplateRendering.fill(body, with: ["{{2}}", "Jakarta", "14:00"]) == "Gangguan {{2}} di Jakarta sampai 14:00.")
        let layout = TemplateLayout(body: body)
        #expect(try layout.render(layout.resolve(TemplateValues(body: ["ATM {{3}}", "{{1}}", "x"]), name: "t", language: "id"))
                == "Gangguan ATM {{3}} di {{1}} sampai x.")
        // The live preview leaves placeholders not yet filled.
        #expect(TemplateRendering.fill(body, with: ["ATM"]) == "Gangguan ATM di {{2}} sampai {{ 3 }}.")
        #expect(TemplateRendering.fill("Halo {{name}}, {{name}}!", with: ["Budi"]) == "Halo Budi, Budi!")
        #expect(TemplateRendering.fill("tanpa {{ penutup", with: ["x"]) == "tanpa {{ penutup")
    }
}

@Suite struct DatedTextAndGreetingTests {
    @Test func datesAndTimesInPresetsAreFound() {
        #expect(DatedText.firstMention(in: ["ATM dan mobile banking", "Jakarta Selatan", "14:00 WIB"]) == "14:00")
        #expect(DatedText.firstMention(in: ["pemeliharaan 1 Desember"]) == "1 Desember")
        #expect(DatedText.firstMention(in: ["sampai 2026-12-01"]) == "2026-12-01")
        #expect(DatedText.firstMention(in: ["dibuka kembali besok pagi"]) == "besok")
        #expect(DatedText.firstMention(in: ["Senin"]) == "Senin")
        #expect(DatedText.firstMention(in: ["ATM", "Jakarta Selatan", "kartu 1234"]) == nil)
    }

    @Test func aGreetingBeforeTheFirstParameterMeansTheName() {
        #expect(TemplateRendering.greetsWithFirstParameter("Halo {{1}}, pesanan Anda sudah dikirim."))
        #expect(TemplateRendering.greetsWithFirstParameter("Yth. Bapak/Ibu {{1}}, kartu Anda aktif."))
        #expect(TemplateRendering.greetsWithFirstParameter("Dear {{1}}, your card is ready."))
        #expect(!TemplateRendering.greetsWithFirstParameter("Gangguan {{1}} di {{2}}, perkiraan pulih {{3}}."))
        #expect(!TemplateRendering.greetsWithFirstParameter("Tidak ada parameter."))
    }
}

import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import LoketTestSupport
import TermCore
import Testing

/// The template dialog shows the whole template (header, body, footer, buttons) and asks for every variable of
/// every component, named by what it is (docs/SPEC.md §9).
@MainActor
@Suite struct TemplateDialogComponentsTests {
    static let budi = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))
    static let tracked = MessageTemplate(
        name: "kiriman_dilacak", language: "id", category: .utility, status: "APPROVED",
        componentsJSON: #"""
        [{"type":"HEADER","format":"TEXT","text":"Kiriman {{bulan}}"},
         {"type":"BODY","text":"Halo {{nama}}, paket {{resi}} dalam perjalanan."},
         {"type":"FOOTER","text":"Bank Nusantara"},
         {"type":"BUTTONS","buttons":[{"type":"URL","text":"Lacak","url":"https://nusantara.example/lacak/{{1}}"},
                                      {"type":"QUICK_REPLY","text":"Terima kasih"}]}]
        """#, parameterFormat: "named", updatedAt: ConsoleFixture.now)

    /// Sari's console on Budi's chat with the template picker filtered to `template`.
    func picker(_ template: MessageTemplate = tracked, width: Int, height: Int) async throws -> (ConsoleFixture, Screen) {
        let f = try await ConsoleFixture()
        try await f.store.upsertTemplates([template])
        try await f.store.claim(Self.budi, by: "sari")
        let s = try await f.console(agent: "sari", width: width, height: height)
        await s.press(.char("2"))
        #expect(await s.select("Budi Sa"))
        await s.press(.char("t"), .char("/"))
        await s.type(template.name)
        return (f, s)
    }

    @Test func everyVariableIsAskedForByNameAndSent() async throws {
        let (f, s) = try await picker(width: 120, height: 36)
        // The whole template before anything is chosen: header, body, footer, buttons.
        #expect(s.text.contains("Kiriman {{bulan}}") && s.text.contains("Bank Nusantara")
                && s.text.contains("[Lacak → https://nusantara.example/lacak/{{1}}] [Terima kasih]"), "\(s.text)")
        await s.press(.enter)
        #expect(s.text.contains("header {{bulan}} (1 of 5): ▏"), "\(s.text)")
        await s.type("Desember")
        await s.press(.enter)
        #expect(s.text.contains("{{nama}} (2 of 5): Budi▏"), "the greeting's name is offered: \(s.text)")
        await s.press(.enter)
        #expect(s.text.contains("{{resi}} (3 of 5): ▏"))
        await s.type("JNE123")
        await s.press(.enter)
        #expect(s.text.contains("button “Lacak” link ending (4 of 5): ▏"), "\(s.text)")
        await s.type("JNE123")
        #expect(s.text.contains("[Lacak → https://nusantara.example/lacak/JNE123]"), "the preview follows: \(s.text)")
        await s.press(.enter)
        #expect(s.text.contains("button “Terima kasih” payload (5 of 5): Terima kasih▏"), "a quick reply's payload is its text")
        await s.press(.enter)
        #expect(s.controller.dialogs.isEmpty, "\(s.text)")
        let sent = try await f.store.takeDueSends(now: Date.distantFuture, limit: 20).compactMap { item -> TemplateSend? in
            if case .template("kiriman_dilacak", let send) = item.payload { return send } else { return nil }
        }
        #expect(sent == [TemplateSend(language: "id", parameters: ["Budi", "JNE123"], names: ["nama", "resi"], header: "Desember",
                                      headerName: "bulan", buttons: [.init(index: 0, subType: "url", value: "JNE123"),
                                                                     .init(index: 1, subType: "quick_reply", value: "Terima kasih")])])
    }

    @Test func aWrongValueIsSaidInPlaceAndNothingIsSent() async throws {
        let (f, s) = try await picker(width: 100, height: 30)
        await s.press(.enter)
        await s.type("Desember")
        await s.press(.enter, .enter)
        await s.type("JNE 123")
        await s.press(.enter)
        await s.type("JNE 123")
        await s.press(.enter, .enter)
        #expect(s.text.contains("is part of a link and cannot contain spaces"), "\(s.text)")
        #expect(s.controller.topDialog is TemplateDialog, "the dialog stays to mend it")
        let due = try await f.store.takeDueSends(now: Date.distantFuture, limit: 20)
        #expect(!due.contains { if case .template = $0.payload { return true } else { return false } })
    }

    /// A long template is shown whole when the screen has room (its buttons too), and says it goes on when not.
    @Test func aLongTemplateIsShownWholeOrSaysItGoesOn() async throws {
        let words = (1...60).map { "kata\($0)" }.joined(separator: " ")
        let long = MessageTemplate(name: "panjang", language: "id", category: .utility, status: "APPROVED", componentsJSON: """
            [{"type":"BODY","text":"\(words) {{1}}."},{"type":"FOOTER","text":"Bank Nusantara"},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Paham"}]}]
            """, parameterFormat: "positional", updatedAt: ConsoleFixture.now)
        for (width, height, whole) in [(120, 40, true), (60, 16, false)] {
            let (_, s) = try await picker(long, width: width, height: height)
            if whole {
                #expect(s.text.contains("kata60 {{1}}.") && s.text.contains("Bank Nusantara") && s.text.contains("[Paham]"), "\(s.text)")
            } else {
                #expect(s.text.contains(" …") && !s.text.contains("[Paham]"), "\(s.text)")
            }
        }
    }
}

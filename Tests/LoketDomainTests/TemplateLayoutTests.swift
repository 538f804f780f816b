import Foundation
import LoketDomain
import Testing

/// Templates as Meta defines them (docs/SPEC.md §9): header, body, footer, buttons, and every variable a send fills.
@Suite struct TemplateLayoutTests {
    static let promo = #"""
    [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1h"]}},
     {"type":"BODY","text":"Halo {{first_name}}, pesanan {{order_id}} sudah dikirim."},
     {"type":"FOOTER","text":"Bank Nusantara"},
     {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Terima kasih"},
                                  {"type":"URL","text":"Lacak","url":"https://nusantara.example/lacak/{{1}}"},
                                  {"type":"COPY_CODE","example":"HEMAT10"},
                                  {"type":"PHONE_NUMBER","text":"Telepon","phone_number":"+62215001234"}]}]
    """#
    static let textHeader = #"[{"type":"HEADER","format":"TEXT","text":"Tagihan {{1}}"},{"type":"BODY","text":"Jatuh tempo {{1}}, sebesar {{2}}."}]"#
    static let image = TemplateMedia(kind: .image, link: "https://nusantara.example/promo.jpg")

    @Test func everyComponentIsRead() {
        let l = TemplateLayout(componentsJSON: Self.promo, parameterFormat: "named")
        #expect(l.header == .media(.image) && l.footer == "Bank Nusantara" && l.named)
        #expect(l.bodyVariables == ["first_name", "order_id"])
        #expect(l.buttons.map(\.kind) == [.quickReply, .url, .copyCode, .phoneNumber])
        #expect(l.valueButtons.map(\.index) == [0, 1, 2], "the call button takes no value")
        let t = TemplateLayout(componentsJSON: Self.textHeader, parameterFormat: nil)
        #expect(t.headerVariables == ["1"] && t.bodyVariables == ["1", "2"] && !t.named)
        #expect(TemplateLayout(componentsJSON: #"[{"type":"BODY","text":"Halo {{nama}}"}]"#, parameterFormat: nil).named,
                "a name in braces makes it named when Meta did not say")
    }

    @Test func aCompleteSendCarriesEveryValue() throws {
        let l = TemplateLayout(componentsJSON: Self.promo, parameterFormat: "named")
        let send = try l.resolve(TemplateValues(body: ["Budi", "INV-7"], headerMedia: Self.image, buttons: ["ok", "INV-7", "HEMAT10"]),
                                 name: "promo", language: "id")
        #expect(send.names == ["first_name", "order_id"] && send.headerMedia == Self.image)
        #expect(send.buttons == [.init(index: 0, subType: "quick_reply", value: "ok"), .init(index: 1, subType: "url", value: "INV-7"),
                                 .init(index: 2, subType: "copy_code", value: "HEMAT10")])
        #expect(l.render(send) == """
            [image] https://nusantara.example/promo.jpg
            Halo Budi, pesanan INV-7 sudah dikirim.
            Bank Nusantara
            [Terima kasih] [Lacak → https://nusantara.example/lacak/INV-7] [Copy code: HEMAT10] [Telepon]
            """)
        // Quick-reply payloads may be left out: then only the URL and the code are given.
        let short = try l.resolve(TemplateValues(body: ["Budi", "INV-7"], headerMedia: Self.image, buttons: ["INV-7", "HEMAT10"]),
                                  name: "promo", language: "id")
        #expect(short.buttons.map(\.index) == [1, 2])
    }

    @Test func aMissingOrWrongValueIsRefusedBeforeAnythingIsQueued() {
        let l = TemplateLayout(componentsJSON: Self.promo, parameterFormat: "named")
        let body = ["Budi", "INV-7"], buttons = ["INV-7", "HEMAT10"]
        let cases: [(TemplateValues, String)] = [
            (TemplateValues(body: body, buttons: buttons), "template 'promo' needs a header image (a file or an https link)"),
            (TemplateValues(body: body, headerMedia: TemplateMedia(kind: .video, link: "https://x.example/a.mp4"), buttons: buttons),
             "template 'promo' takes a header image, not a video"),
            (TemplateValues(body: body, header: "x", headerMedia: Self.image, buttons: buttons), "template 'promo' has no header variable"),
            (TemplateValues(body: ["Budi"], headerMedia: Self.image, buttons: buttons), "template 'promo' takes 2 parameters, got 1"),
            (TemplateValues(body: body, headerMedia: Self.image, buttons: ["INV-7"]),
             "template 'promo' takes 3 button values (2 without the quick-reply payloads), got 1"),
            (TemplateValues(body: body, headerMedia: Self.image, buttons: ["INV 7", "HEMAT10"]),
             "button 2 (Lacak) of 'promo' is part of a link and cannot contain spaces"),
            (TemplateValues(body: body, headerMedia: Self.image, buttons: ["INV-7", "HEMAT-SEKARANG-JUGA"]),
             "button 3 (copy_code) of 'promo' is 19 characters; the limit is 15"),
        ]
        for (values, message) in cases {
            #expect(throws: InputError(message)) { try l.resolve(values, name: "promo", language: "id") }
        }
        let t = TemplateLayout(componentsJSON: Self.textHeader, parameterFormat: nil)
        #expect(throws: InputError("template 't' needs its header variable")) {
            try t.resolve(TemplateValues(body: ["5 Des", "Rp 1"]), name: "t", language: "id")
        }
        #expect(throws: InputError("the header of 't' is 61 characters; the limit is 60")) {
            try t.resolve(TemplateValues(body: ["5 Des", "Rp 1"], header: String(repeating: "x", count: 61)), name: "t", language: "id")
        }
    }

    @Test func givenValuesFillTheHeaderFirstOrGoByName() throws {
        let t = TemplateLayout(componentsJSON: Self.textHeader, parameterFormat: nil)
        let v = try t.values(given: ["Desember", "5 Des", "Rp 250.000"], headerMedia: nil, buttons: [], name: "t")
        #expect(v.header == "Desember" && v.body == ["5 Des", "Rp 250.000"])
        let named = TemplateLayout(componentsJSON: #"[{"type":"HEADER","format":"TEXT","text":"Untuk {{nama}}"},{"type":"BODY","text":"Kode {{kode}}"}]"#,
                                   parameterFormat: "named")
        let n = try named.values(given: ["kode=991", "nama=Ani"], headerMedia: nil, buttons: [], name: "n")
        #expect(n.header == "Ani" && n.body == ["991"])
        #expect(throws: InputError("template 'n' has no variable 'kota'; it has nama, kode")) {
            try named.values(given: ["kota=Bandung"], headerMedia: nil, buttons: [], name: "n")
        }
    }

    @Test func whatEarlierVersionsKeptStillReads() throws {
        let old = try JSONDecoder().decode(TemplateSend.self, from: Data(#"{"language":"id","parameters":["ATM"],"names":null}"#.utf8))
        #expect(old == TemplateSend(language: "id", parameters: ["ATM"]))
        let full = TemplateSend(language: "id", parameters: ["Budi"], names: ["n"], headerMedia: Self.image,
                                buttons: [.init(index: 1, subType: "url", value: "x")])
        #expect(try JSONDecoder().decode(TemplateSend.self, from: JSONEncoder().encode(full)) == full)
        #expect(throws: InputError("header media link 'http://x.example/a.jpg' is not an https:// address Meta can fetch")) {
            try TemplateMedia.link("http://x.example/a.jpg", kind: .image)
        }
    }
}

import Foundation
import LoketCloudAPI
import LoketDomain
import LoketMedia
import LoketSimulator
import LoketSQLite
import LoketStore
import Testing

/// Templates with every component, end to end through the real gateway and the simulated Meta, which checks each
/// send against the template's definition (docs/SPEC.md §9).
@Suite struct TemplateComponentsTests {
    /// A header image, named body variables, a URL button with a dynamic suffix and a quick reply.
    static let orderShipped = MessageTemplate(
        name: "order_shipped", language: "id", category: .utility, status: "APPROVED",
        componentsJSON: #"""
        [{"type":"HEADER","format":"IMAGE"},
         {"type":"BODY","text":"Halo {{first_name}}, pesanan {{order_id}} sudah dikirim."},
         {"type":"FOOTER","text":"Bank Nusantara"},
         {"type":"BUTTONS","buttons":[{"type":"URL","text":"Lacak","url":"https://nusantara.example/lacak/{{1}}"},
                                      {"type":"QUICK_REPLY","text":"Terima kasih"}]}]
        """#, parameterFormat: "named", updatedAt: Date())
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })

    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func aTemplateWithAHeaderImageNamedVariablesAndAURLButtonIsSentEndToEnd() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loket-tpl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try await makeStore(path: dir + "/loket.db")
        try await store.upsertTemplates([Self.orderShipped])
        let rig = try await LiveRig(store: store, statusDelays: nil, mediaFolder: dir + "/media")
        rig.simulator.defineTemplates([Self.orderShipped])
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.tpl.1", from: .phone(PhoneNumber(trustedDigits: "6281234500009")), profileName: "Budi", timestamp: Date(),
            kind: .text, body: "Pesanan saya di mana?")]))
        let c = try #require(try await store.conversations(state: nil, for: nil).first)
        try await store.claim(.id(c.id), by: "sari")
        try Self.jpeg.write(to: URL(fileURLWithPath: dir + "/kiriman.jpg"))
        let layout = TemplateLayout(componentsJSON: Self.orderShipped.componentsJSON, parameterFormat: "named")
        let m = try await TemplateHeaderIntake.send(dir + "/kiriman.jpg", kind: .image, folder: MediaFolder(path: dir + "/media")) { header in
            try await store.sendTemplate(.id(c.id), by: "sari", name: "order_shipped", language: "id", values: try layout.values(
                given: ["order_id=INV-77", "first_name=Budi"], headerMedia: header, buttons: ["INV-77"], name: "order_shipped"))
        }
        #expect(m.body == """
            [image] kiriman.jpg
            Halo Budi, pesanan INV-77 sudah dikirim.
            Bank Nusantara
            [Lacak → https://nusantara.example/lacak/INV-77] [Terima kasih]
            """)
        #expect(try await rig.eventually(20) { try await store.messages(in: c.id, before: nil, limit: 5).last?.status == .sent })
        // What Meta received: the uploaded picture by its id, the variables with their names, the button's suffix.
        let upload = try #require(rig.simulator.uploadedMedia.last)
        #expect(upload.mimeType == "image/jpeg" && upload.size == Self.jpeg.count)
        let sent = try Self.object(try #require(rig.simulator.acceptedTemplates.last))
        let components = try #require(sent["components"] as? [[String: Any]])
        let header = try #require(components.first { $0["type"] as? String == "header" }?["parameters"] as? [[String: Any]])
        #expect((header.first?["image"] as? [String: Any])?["id"] as? String == upload.id)
        let body = try #require(components.first { $0["type"] as? String == "body" }?["parameters"] as? [[String: Any]])
        #expect(body.map { $0["parameter_name"] as? String } == ["first_name", "order_id"])
        #expect(body.map { $0["text"] as? String } == ["Budi", "INV-77"])
        let button = try #require(components.first { $0["type"] as? String == "button" })
        #expect(button["sub_type"] as? String == "url" && button["index"] as? String == "0")
        #expect((button["parameters"] as? [[String: Any]])?.first?["text"] as? String == "INV-77")
        await rig.stop()
    }

    @Test func theSimulatorRefusesHeadersAndButtonsMetaWouldRefuse() async throws {
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        simulator.statusDelays = nil
        simulator.defineTemplates([Self.orderShipped])
        let port = try await simulator.start()
        let client = CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: Secrets.accessToken)
        func send(_ s: TemplateSend) async throws -> Int? {
            let item = OutboxItem(id: 1, messageID: 1, to: .phone(PhoneNumber(trustedDigits: "6281234567890")),
                                  payload: .template(name: "order_shipped", send: s), attempts: 1)
            if case .error(let e) = try await client.send(item) { return e.code }
            return nil
        }
        let image = TemplateMedia(kind: .image, link: "https://nusantara.example/a.jpg")
        let url = TemplateSend.ButtonValue(index: 0, subType: "url", value: "INV-1")
        let good = TemplateSend(language: "id", parameters: ["Budi", "INV-1"], names: ["first_name", "order_id"], headerMedia: image, buttons: [url])
        #expect(try await send(good) == nil, "a complete send is accepted")
        var s = good; s.headerMedia = nil
        #expect(try await send(s) == 132000, "the header image left out")
        s = good; s.headerMedia = TemplateMedia(kind: .video, link: "https://nusantara.example/a.mp4")
        #expect(try await send(s) == 132012, "a video where the template has an image")
        s = good; s.buttons = []
        #expect(try await send(s) == 132000, "the URL button's suffix left out")
        s = good; s.buttons = [.init(index: 0, subType: "quick_reply", value: "x")]
        #expect(try await send(s) == 132012, "the URL button sent as a quick reply")
        s = good; s.buttons = [url, .init(index: 1, subType: "quick_reply", value: "thanks")]
        #expect(try await send(s) == nil, "a quick reply's payload is welcome")
        s = good; s.header = "x"; s.headerMedia = nil
        #expect(try await send(s) == 132012, "text where the header is an image")
        await simulator.stop()
    }

    @Test func syncReadsEveryPageOfTheListing() async throws {
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        let many = (0..<230).map { i in
            MessageTemplate(name: String(format: "t%03d", i), language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Nomor {{1}}"}]"#, parameterFormat: "positional", updatedAt: Date())
        }
        simulator.defineTemplates(many + [Self.orderShipped])
        simulator.setTemplateState("t007", "PAUSED")
        let port = try await simulator.start()
        let client = CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: Secrets.accessToken)
        let (templates, pages) = try await client.allTemplates(wabaID: "102290129340398", now: Date())
        #expect(pages == 3 && templates.count == 231)
        #expect(Set(templates.map(\.name)).count == 231, "no page read twice, none skipped")
        #expect(templates.first { $0.name == "t007" }?.status == "PAUSED")
        let shipped = try #require(templates.first { $0.name == "order_shipped" })
        let layout = TemplateLayout(componentsJSON: shipped.componentsJSON, parameterFormat: shipped.parameterFormat)
        #expect(layout == TemplateLayout(componentsJSON: Self.orderShipped.componentsJSON, parameterFormat: "named"),
                "header, body, footer and buttons survive the listing")
        let refused = CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: "wrong")
        await #expect(throws: TemplateSyncError.self) { try await refused.allTemplates(wabaID: "102290129340398", now: Date()) }
        await simulator.stop()
    }
}

import Foundation
import LoketCloudAPI
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import Testing

/// Meta refusing a template (132015 paused, 132016 disabled, 132001, 132000, 132012) stops the announcement using
/// it at once, says why, keeps the counts exact and never fails the remaining recipients one by one.
@Suite struct TemplateRefusalTests {
    func announcementStore(customers: Int) async throws -> SQLiteStore {
        let store = try await makeStore()
        try await seedAnnouncementAudience(store, customers: customers, prefix: "815")
        return store
    }

    @Test func aTemplatePausedInTheMiddleOfAThousandRecipientsStopsTheAnnouncement() async throws {
        let total = 1_000
        let store = try await announcementStore(customers: total)
        let rig = try await LiveRig(store: store, throughput: 200, statusDelays: nil)
        rig.simulator.defineTemplates(try await store.templates())
        let (id, _) = try await store.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM"],
                                                        audience: .all, by: "rudi")
        #expect(await rig.eventually(30) { rig.simulator.acceptedRequests.count >= 300 })
        rig.simulator.setTemplateState("service_disruption", "PAUSED")
        #expect(try await rig.eventually(30) { try await store.announcementProgress(id).queued == 0 })
        let p = try await store.announcementProgress(id)
        #expect(p.state == "stopped" && p.stopCode == 132015)
        // Exact counts: every recipient in one of them, what Meta accepted is what was sent.
        #expect(p.sent + p.delivered + p.read + p.failed + p.cancelled + p.optedOut + p.queued == total)
        #expect(p.sent + p.delivered + p.read == rig.simulator.acceptedRequests.count)
        // The refused ones are those already on the wire, not each remaining recipient.
        #expect(p.failed >= 1 && p.failed < 100, "\(p.failed) failed one by one")
        #expect(p.cancelled > 500)
        // The template is no longer offered, the header says why, the audit trail records it.
        #expect(try await store.templates().first { $0.name == "service_disruption" }?.status == "PAUSED")
        let shown = try await store.activeAnnouncements()
        #expect(shown.contains { $0.template == "service_disruption" && $0.progress.stopCode == 132015 })
        #expect(try await store.audit(conversation: nil, limit: 20, by: "rudi").contains {
            $0.action == .announcement && $0.detail?.contains("#\(id) stopped: Meta paused the template (#132015)") == true
        })
        await rig.stop()
    }

    @Test func everyTemplateRefusalStopsAndOtherFailuresDoNot() throws {
        for code in [132000, 132001, 132012, 132015, 132016] {
            #expect(TemplateRefusal.stopsAnnouncement(code: code))
            let e = SendResponse.error(GraphError(httpStatus: 400, code: code, message: "refused", details: nil, isTransient: false))
            #expect(SendPolicy.decide(e, transportError: nil, attempt: 1) == .fail(code: code, reason: "(#\(code)) refused"))
        }
        #expect(!TemplateRefusal.stopsAnnouncement(code: 131026), "one undeliverable customer does not stop an announcement")
        #expect(TemplateRefusal.templateStatus(afterCode: 132016) == "DISABLED" && TemplateRefusal.templateStatus(afterCode: 132000) == nil)
    }
}

/// The simulator checks every template send against the template's definition, answering as Meta does.
@Suite struct SimulatedTemplateCheckTests {
    @Test func malformedTemplateSendsAreRefusedWithMetasCodes() async throws {
        let simulator = CloudAPISimulator(token: Secrets.accessToken, phoneNumberID: Secrets.phoneNumberID, appSecret: Secrets.appSecret)
        simulator.statusDelays = nil
        simulator.defineTemplates([
            MessageTemplate(name: "tagihan", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Tagihan {{1}} jatuh tempo {{2}}"}]"#, parameterFormat: "positional",
                            updatedAt: Date()),
            MessageTemplate(name: "status_pesanan", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Pesanan {{order_id}} sudah dikirim"}]"#, parameterFormat: "named",
                            updatedAt: Date()),
        ])
        let port = try await simulator.start()
        let client = CloudAPIClient(baseURL: "http://127.0.0.1:\(port)/v23.0", phoneNumberID: Secrets.phoneNumberID, token: Secrets.accessToken)
        func send(_ name: String, _ language: String, _ params: [String], names: [String]? = nil) async throws -> Int? {
            let item = OutboxItem(id: 1, messageID: 1, to: .phone(PhoneNumber(trustedDigits: "6281234567890")),
                                  payload: .template(name: name, language: language, parameters: params, parameterNames: names), attempts: 1)
            if case .error(let e) = try await client.send(item) { return e.code }
            return nil
        }
        #expect(try await send("tagihan", "id", ["Rp 250.000", "5 Desember"]) == nil, "a well-formed send is accepted")
        #expect(try await send("tagihan", "id", ["Rp 250.000"]) == 132000, "one parameter short")
        #expect(try await send("tagihan", "id", ["Rp 250.000", ""]) == 132012, "an empty parameter")
        #expect(try await send("tagihan", "en_US", ["a", "b"]) == 132001, "a language Meta does not have")
        #expect(try await send("promo_rahasia", "id", []) == 132001, "a template Meta does not have")
        #expect(try await send("status_pesanan", "id", ["INV-001"]) == 100, "a named variable without its parameter_name")
        #expect(try await send("status_pesanan", "id", ["INV-001"], names: ["order_id"]) == nil, "Loket names them")
        await simulator.stop()
    }
}

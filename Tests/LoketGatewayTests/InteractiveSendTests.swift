import Foundation
import LoketCloudAPI
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import Testing

/// Reply buttons and lists go out as Meta's `interactive` messages, and the simulator checks them as Meta does.
@Suite struct InteractiveSendTests {
    @Test func buttonsAndAListReachTheSimulator() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        let csat = try await store.sendInteractive(ref, by: "sari", message: .buttons(["Puas", "Biasa", "Kurang"],
                                                   body: "Seberapa puas Anda?"), replyTo: nil)
        #expect(csat.body == "Seberapa puas Anda?\n[Puas] [Biasa] [Kurang]" && csat.kind.rawValue == "interactive")
        _ = try await store.sendInteractive(ref, by: "sari", message: .list(button: "Pilih", rows: ["Kartu ATM::Blokir kartu", "Transfer"],
                                                                            body: "Ada yang bisa kami bantu?"), replyTo: nil)
        #expect(await rig.eventually { rig.simulator.acceptedRequests.filter { $0.type == "interactive" }.count == 2 })
        let texts = rig.simulator.acceptedRequests.filter { $0.type == "interactive" }.map(\.text)
        #expect(texts == ["Seberapa puas Anda? [Puas] [Biasa] [Kurang]", "Ada yang bisa kami bantu? [Pilih]: Kartu ATM · Transfer"])
        #expect(try await message(store, csat.id)?.wamid != nil)
        await rig.stop()
    }

    @Test func theSimulatorRefusesWhatMetaRefuses() {
        func check(_ m: InteractiveMessage) -> Bool {
            if case .success = CloudAPISimulator.checkInteractive(SendRequest.interactiveObject(m)) { return true } else { return false }
        }
        #expect(check(.buttons(["Ya", "Tidak"], body: "Sudah terbantu?")))
        #expect(!check(.buttons(["a", "b", "c", "d"], body: "x")), "four buttons")
        #expect(!check(.buttons(["Ya", "Ya"], body: "x")), "the same title twice")
        #expect(!check(.list(button: "Pilih", rows: (1...11).map { "Baris \($0)" }, body: "x")), "eleven rows")
        #expect(!check(.list(button: String(repeating: "p", count: 21), rows: ["a"], body: "x")), "a long list button")
        #expect(!check(InteractiveMessage(kind: .buttons([.init(id: "1", title: "Ya")]), body: "")), "no body")
    }
}

import Foundation
import Testing
import LoketCloudAPI
import LoketDomain
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport

@Suite(.serialized) struct GatewayOperationsTests {
    @Test func simulatedCustomersSendEveryTypeThroughTheRealWebhook() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let samples = SampleMessages.everyType(from: "6281234567890", tag: "T1")
        let status = try await rig.simulator.customerSends(samples, from: "6281234567890", name: "Budi Santoso")
        #expect(status == 200)
        let stored = try await store.exportMessages(ExportFilter(), after: 0, limit: 100).map(\.message)
        // Every type is stored but the reaction, which is kept on the message it reacts to (docs/SPEC.md §9).
        #expect(stored.count == samples.count - 1)
        let bodies = stored.map(\.body)
        for expected in ["Kartu ATM saya tertelan 🙏", "[image] Foto struk ATM", "[document] mutasi-rekening.pdf", "[voice message]",
                         "[video] Mesin ATM error", "[sticker]", "[location] ATM Bank Nusantara Sudirman, Jl. Jend. Sudirman Kav. 52, Jakarta Selatan (-6.22530, 106.80090)",
                         "[contact] Siti Rahma +62 811-2233-4455", "[button] Ya, blokir kartu", "[list] Cabang terdekat — Jakarta Selatan",
                         "[button] Berhenti promo", "[order] 1 item: cek-25 ×1 @ 50000 IDR; total 50000.00 IDR — Buku cek",
                         "[unsupported message] Message type unknown"] {
            #expect(bodies.contains(expected), "missing \(expected)")
        }
        #expect(!stored.contains { $0.kind.rawValue == "reaction" })
        #expect(try await store.search("struk", limit: 5).count == 1)
        await rig.stop()
    }

    @Test func sigtermFinishesInFlightSendsAndNeverLogsSecrets() async throws {
        let (dir, simulator, store) = try await DurabilityTests.serveDirectory(throughput: 80)
        let ref = try await openConversation(store)
        // Every answer takes 0.8 s, so a SIGTERM lands while sends are on the wire.
        simulator.inject(.slow(0.8), times: 3)
        for i in 0..<3 { _ = try await store.reply(ref, by: "sari", text: "balasan \(i)", replyTo: nil) }
        var env = DurabilityTests.environment(dir: dir, extra: ["LOKET_ACCESS_TOKEN": Secrets.accessToken])
        env["LOKET_LOG_LEVEL"] = "trace"
        let serve = try LoketProcess(["serve"], environment: env, directory: dir)
        #expect(await serve.listeningPort() != nil)
        // Once the first send has gone out (after the dispatcher's start-up quiet), while its answer takes 0.8 s.
        #expect(await serve.waitFor(": sending (attempt"), "no send started\n\(serve.stderr)")
        serve.kill(SIGTERM)
        let status = await serve.waitForExit(seconds: 10)
        #expect(status == 0, "exit status \(String(describing: status))\n\(serve.stderr)")
        // What was in flight was answered and recorded: nothing is left for a restart to resend.
        #expect(try await store.requeueExpiredLeases(now: Date().addingTimeInterval(OutboxLease.duration + 1)) == 0)
        let sent = try await store.exportMessages(ExportFilter(), after: 0, limit: 20).filter { $0.message.direction == .outbound }
        #expect(sent.filter { $0.message.wamid != nil }.count == simulator.acceptedRequests.count)
        // The first request out may be the blue ticks sari's reply queued ahead of it.
        #expect(simulator.acceptedRequests.count + simulator.readReceipts.count >= 1)
        #expect(try await store.gatewayState()?.mode == .stopped)
        for secret in [Secrets.accessToken, Secrets.appSecret, Secrets.verifyToken] {
            #expect(!serve.stderr.contains(secret) && !serve.stdout.contains(secret), "a secret reached the log")
        }
        await simulator.stop()
    }
}

import Foundation
import Testing
import LoketDomain
import LoketStore
@testable import LoketCloudAPI

@Suite struct SendingTests {
    let budi = CustomerKey.phone(PhoneNumber(trustedDigits: "6281234567890"))

    func json(_ d: Data) -> [String: Any] { try! JSONSerialization.jsonObject(with: d) as! [String: Any] }

    @Test func requestBodies() {
        let text = json(SendRequest.body(for: OutboxItem(id: 1, messageID: 1, to: budi, payload: .text(body: "Mohon maaf 🙏 我们", replyTo: "wamid.X"), attempts: 1)))
        #expect(text["messaging_product"] as? String == "whatsapp" && text["to"] as? String == "+6281234567890")
        #expect((text["text"] as? [String: Any])?["body"] as? String == "Mohon maaf 🙏 我们")
        #expect((text["context"] as? [String: Any])?["message_id"] as? String == "wamid.X")
        let tpl = json(SendRequest.body(for: OutboxItem(id: 2, messageID: 2, to: budi, payload: .template(name: "service_disruption", language: "id", parameters: ["ATM", "Jakarta Selatan"]), attempts: 1)))
        let t = tpl["template"] as? [String: Any]
        #expect(t?["name"] as? String == "service_disruption" && (t?["language"] as? [String: Any])?["code"] as? String == "id")
        let params = ((t?["components"] as? [[String: Any]])?.first?["parameters"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(params == ["ATM", "Jakarta Selatan"])
        let read = json(SendRequest.body(for: OutboxItem(id: 3, messageID: nil, to: budi, payload: .markRead(wamid: "wamid.IN"), attempts: 1)))
        #expect(read["status"] as? String == "read" && read["message_id"] as? String == "wamid.IN" && read["to"] == nil)
        #expect(read["typing_indicator"] == nil)
        let typing = json(SendRequest.body(for: OutboxItem(id: 5, messageID: nil, to: budi, payload: .markRead(wamid: "wamid.IN", typing: true), attempts: 1)))
        #expect((typing["typing_indicator"] as? [String: Any])?["type"] as? String == "text" && typing["status"] as? String == "read")
        let reaction = json(SendRequest.body(for: OutboxItem(id: 4, messageID: nil, to: budi, payload: .reaction(wamid: "wamid.IN", emoji: "👍"), attempts: 1)))
        #expect(reaction["type"] as? String == "reaction" && reaction["to"] as? String == "+6281234567890")
        #expect((reaction["reaction"] as? [String: Any])?["message_id"] as? String == "wamid.IN"
            && (reaction["reaction"] as? [String: Any])?["emoji"] as? String == "👍")
    }

    @Test func responses() {
        let ok = #"{"contacts": [{"input": "48XXXXXXXXX", "wa_id": "48XXXXXXXXX "}], "messages": [{"id": "wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww"}], "messaging_product": "whatsapp"}"#
        #expect(SendResponse.parse(status: 200, body: Data(ok.utf8)) == .accepted(wamid: "wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww"))
        let err = #"{"error": {"message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047, "error_data": {"messaging_product": "whatsapp", "details": "more than 24h"}, "fbtrace_id": "x"}}"#
        #expect(SendResponse.parse(status: 400, body: Data(err.utf8))
                == .error(GraphError(httpStatus: 400, code: 131047, message: "(#131047) Re-engagement message", details: "more than 24h", isTransient: false)))
        if case .error(let e) = SendResponse.parse(status: 502, body: Data("<html>".utf8)) { #expect(e.httpStatus == 502 && e.code == 0) }
        else { Issue.record("a 502 was accepted") }
    }

    @Test func errorPolicyFollowsTheSpec() {
        func decide(_ code: Int, _ http: Int = 400, transient: Bool = false) -> SendDecision {
            SendPolicy.decide(.error(GraphError(httpStatus: http, code: code, message: "m", details: nil, isTransient: transient)),
                              transportError: nil, attempt: 1)
        }
        for code in [131026, 131047, 131049, 100, 132001] {
            guard case .fail(code, _) = decide(code) else { Issue.record("\(code) should fail"); continue }
        }
        // Account problems: nothing can be sent until an operator acts.
        for code in [190, 368, 131042, 131048, 133010, 10, 200] {
            guard case .alarm(code, _) = decide(code, 401) else { Issue.record("\(code) should raise the alarm"); continue }
        }
        // 131057 (throughput upgrade in progress) retries, and pauses every send meanwhile.
        guard case .retry(_, 131057, _) = decide(131057) else { Issue.record("131057 should retry"); return }
        #expect(SendPolicy.pauseCodes.contains(131057) && SendPolicy.pauseCodes.contains(130429))
        guard case .paceCustomer(6, 131056, _) = decide(131056) else { Issue.record("131056 should pace"); return }
        guard case .retry(_, 130429, _) = decide(130429) else { Issue.record("130429 should retry"); return }
        guard case .retry = decide(0, 503) else { Issue.record("5xx should retry"); return }
        guard case .retry = decide(999, 400, transient: true) else { Issue.record("is_transient should retry"); return }
        guard case .retry = SendPolicy.decide(nil, transportError: "timeout", attempt: 3) else { Issue.record("timeouts retry"); return }
        #expect(SendPolicy.backoff(attempt: 1, jitter: 1) == 1 && SendPolicy.backoff(attempt: 4, jitter: 1) == 8)
        #expect(SendPolicy.backoff(attempt: 30, jitter: 1) == 300)
    }

    @Test func signatures() {
        let s = WebhookSignature(appSecret: "s3cret")
        let body = Data(#"{"object":"whatsapp_business_account"}"#.utf8)
        let header = s.header(for: body)
        #expect(header.hasPrefix("sha256=") && header.count == 71)
        #expect(s.isValid(header, body: body))
        #expect(s.isValid(header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), body: body))
        #expect(!s.isValid(header, body: body + Data(" ".utf8)))
        #expect(!WebhookSignature(appSecret: "other").isValid(header, body: body))
        for bad in [nil, "", "sha256=", "sha1=abc", "sha256=zz" + String(repeating: "0", count: 62), String(header.dropLast())] {
            #expect(!s.isValid(bad, body: body))
        }
    }
}

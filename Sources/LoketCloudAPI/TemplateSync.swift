import AsyncHTTPClient
public import Foundation
import LoketDomain
public import LoketStore
import NIOCore
import NIOHTTP1

/// Why a template listing could not be read: Meta's error, or the network's.
public struct TemplateSyncError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension CloudAPIClient {
    /// Every template of the WhatsApp Business Account, with header, body, footer and buttons: every page of
    /// `GET /{waba_id}/message_templates`, following Meta's `paging` (the `after` cursor, while Meta names a
    /// `next` page). The token goes only to the configured base URL.
    public func allTemplates(wabaID: String, now: Date, pageSize: Int = 100) async throws -> (templates: [MessageTemplate], pages: Int) {
        guard !wabaID.isEmpty, wabaID.allSatisfy(\.isNumber) else {
            throw InputError("[cloud_api] waba_id must be the WhatsApp Business Account's numeric id, not '{1}'", wabaID)
        }
        var all: [MessageTemplate] = [], after: String? = nil, pages = 0, seen: Set<String> = []
        repeat {
            var url = "\(base)/\(wabaID)/message_templates?limit=\(pageSize)"
            if let after { url += "&after=" + (after.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? after) }
            let data = try await get(url)
            all += try TemplateListing.decode(data, file: "page \(pages + 1) of message_templates", now: now)
            pages += 1
            after = TemplateListing.nextCursor(data)
            if let a = after, !seen.insert(a).inserted {
                throw TemplateSyncError(description: "Meta's message_templates listing repeated its cursor on page \(pages)")
            }
        } while after != nil
        return (all, pages)
    }

    private func get(_ url: String) async throws -> Data {
        let redaction = SecretRedaction(secrets: [token])
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let status: Int, body: Data
        do {
            let response = try await http.execute(request, timeout: timeout)
            body = Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView)
            status = Int(response.status.code)
        } catch {
            throw TemplateSyncError(description: "cannot reach the Cloud API: " + redaction.redact(String(describing: error)).prefix(300))
        }
        guard (200..<300).contains(status) else {
            if case .error(let e) = SendResponse.parse(status: status, body: body) {
                throw TemplateSyncError(description: "Meta refused the template listing: \(e.code) \(redaction.redact(e.message))")
            }
            throw TemplateSyncError(description: "Meta refused the template listing: HTTP \(status)")
        }
        return body
    }
}

extension TemplateListing {
    /// The cursor of the next page when Meta says there is one (`paging.next`), else nil.
    public static func nextCursor(_ data: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let paging = root["paging"] as? [String: Any], paging["next"] != nil,
              let after = (paging["cursors"] as? [String: Any])?["after"] as? String, !after.isEmpty else { return nil }
        return after
    }
}

import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    @discardableResult
    public func setLabels(_ ref: ConversationRef, add: [String], remove: [String], by agent: String) async throws -> [String] {
        let add = try add.map { l throws(InputError) in try LabelName.validate(l) }
        let remove = try remove.map { l throws(InputError) in try LabelName.validate(l) }
        guard !add.isEmpty || !remove.isEmpty else { throw InputError("say which labels to add (--add NAME) or remove (--remove NAME)") }
        let now = clock()
        return try await write { db in
            let id = try Writes.resolve(db, ref)
            _ = try Writes.actor(db, login: agent)
            guard let customer = try Int64.fetchOne(db, sql: "SELECT customer_id FROM conversations WHERE id = ?", arguments: [id]) else {
                throw NotFound("no conversation \(id)")
            }
            var changes: [String] = []
            for l in add {
                try db.execute(sql: "INSERT OR IGNORE INTO customer_labels (customer_id, label) VALUES (?, ?)", arguments: [customer, l])
                if db.changesCount > 0 { changes.append("+" + l) }
            }
            for l in remove {
                try db.execute(sql: "DELETE FROM customer_labels WHERE customer_id = ? AND label = ?", arguments: [customer, l])
                if db.changesCount > 0 { changes.append("-" + l) }
            }
            if !changes.isEmpty {
                // The audit row is also the change consoles see (the conversation's labels are reloaded).
                try Writes.audit(db, action: .label, actor: agent, conversationID: id, detail: changes.joined(separator: " "), at: now)
            }
            return try String.fetchAll(db, sql: "SELECT label FROM customer_labels WHERE customer_id = ? ORDER BY label", arguments: [customer])
        }
    }

    public func labels() async throws -> [(name: String, customers: Int)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT label, count(*) AS n FROM customer_labels GROUP BY label ORDER BY label")
                .map { (name: try $0.value("label") as String, customers: try $0.value("n") as Int) }
        }
    }
}

import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    @discardableResult
    public func setLabels(_ ref: ConversationRef, add: [String], remove: [String], by agent: String) async throws -> [String] {
        let add = try add.map { l throws(InputError) in try LabelName.validate(l) }
        let remove = try remove.map { l throws(InputError) in try LabelName.validate(l) }
        guard !add.isEmpty || !remove.isEmpty else { throw InputError("say which labels to add (--add NAME) or remove (--remove NAME)") }
        let now = clock()
        let logger = self.logger
        return try await write { conn in
            let id = try await PGWrites.resolve(conn, ref, logger: logger)
            _ = try await PGWrites.actor(conn, login: agent, logger: logger)
            guard let customer = try await conn.scalar("SELECT customer_id FROM conversations WHERE id = \(id)", as: Int64.self,
                                                       logger: logger) else {
                throw NotFound("no conversation \(id)")
            }
            var changes: [String] = []
            for l in add {
                let added = try await conn.count("""
                    INSERT INTO customer_labels (customer_id, label) VALUES (\(customer), \(l)) ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger)
                if added > 0 { changes.append("+" + l) }
            }
            for l in remove {
                let removed = try await conn.count("""
                    DELETE FROM customer_labels WHERE customer_id = \(customer) AND label = \(l) RETURNING 1
                    """, logger: logger)
                if removed > 0 { changes.append("-" + l) }
            }
            if !changes.isEmpty {
                // The audit row is also the change consoles see (the conversation's labels are reloaded).
                try await PGWrites.audit(conn, action: .label, actor: agent, conversationID: id, detail: changes.joined(separator: " "),
                                         at: now, logger: logger)
            }
            var labels: [String] = []
            for row in try await conn.rows("SELECT label FROM customer_labels WHERE customer_id = \(customer) ORDER BY label COLLATE \"C\"",
                                           logger: logger) {
                labels.append(try row.value(0))
            }
            return labels
        }
    }

    public func labels() async throws -> [(name: String, customers: Int)] {
        let logger = self.logger
        return try await read { conn in
            var out: [(name: String, customers: Int)] = []
            for row in try await conn.rows("SELECT label, count(*) AS n FROM customer_labels GROUP BY label ORDER BY label COLLATE \"C\"", logger: logger) {
                let name: String = try row.value("label")
                let customers: Int = try row.value("n")
                out.append((name: name, customers: customers))
            }
            return out
        }
    }
}

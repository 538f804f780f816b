/// What an audit-trail entry records (docs/SPEC.md §5).
public enum AuditAction: String, Sendable, CaseIterable, Codable, Hashable {
    case claim
    case assign
    case reassign
    case pending
    case resolve
    case reopen
    case roleChange = "role_change"
    case agentAdded = "agent_added"
    case announcement
    case optOut = "opt_out"
    case optIn = "opt_in"
    /// Labels added to or removed from a customer (detail: `+vip -kartu`).
    case label
    /// A chat pending until a time came back at that time.
    case wake
    /// Something Meta reported about the account or a template (quality, template status, account update).
    case platformNotice = "platform_notice"
    /// The customer edited a message (detail: the text before).
    case customerEdit = "customer_edit"
    /// The customer deleted a message for everyone (detail: its text).
    case customerDelete = "customer_delete"
}

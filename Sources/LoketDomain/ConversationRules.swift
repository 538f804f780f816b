public import Foundation

/// What an accepted action does to a conversation.
public struct Transition: Equatable, Sendable {
    public var state: ConversationState
    public var assignee: String?
    /// False when the action was accepted but there was nothing to change (claiming a chat you hold).
    public var changed: Bool
    /// The audit action to record, if any (`claim`, `reassign`, `resolve`, `reopen`, `pending`).
    public var audit: AuditAction?

    public init(state: ConversationState, assignee: String?, changed: Bool, audit: AuditAction?) {
        self.state = state; self.assignee = assignee; self.changed = changed; self.audit = audit
    }
}

/// The team rules of docs/SPEC.md §5 as pure functions: each either returns the transition or throws a
/// ``Refusal`` saying why, in which case nothing may change.
public enum ConversationRules {
    /// A new message from the customer: pending/resolved conversations open again with the same agent,
    /// or go back to waiting when nobody holds them.
    public static func customerWrote(_ c: ConversationFacts) -> Transition {
        switch c.state {
        case .waiting, .open:
            return Transition(state: c.state, assignee: c.assignee, changed: false, audit: nil)
        case .pending, .resolved:
            let state: ConversationState = c.assignee == nil ? .waiting : .open
            return Transition(state: state, assignee: c.assignee, changed: true,
                              audit: c.state == .resolved ? .reopen : nil)
        }
    }

    /// `actor` claims the conversation for themselves. Claiming one you already hold succeeds and changes nothing.
    /// An agent at capacity (`workload`) cannot claim another; a supervisor can (and may assign past capacity).
    public static func claim(_ c: ConversationFacts, by actor: Actor, workload: Workload? = nil) throws(Refusal) -> Transition {
        if let holder = c.assignee {
            if holder == actor.login {
                return Transition(state: c.state, assignee: holder, changed: false, audit: nil)
            }
            throw actor.isSupervisor ? Refusal("already claimed by {1}; use assign to take it over", holder) : Refusal("already claimed by {1}", holder)
        }
        if let w = workload, !actor.isSupervisor, w.open >= w.capacity {
            throw Refusal("you hold {1} open chats and your capacity is {2}; resolve or hand one over first, or ask a supervisor to assign it to you",
                          w.open, w.capacity)
        }
        let state: ConversationState = c.state == .pending ? .pending : .open
        return Transition(state: state, assignee: actor.login, changed: true, audit: .claim)
    }

    /// Gives the conversation to `target`. Supervisors may move any chat; an agent may only hand over their own
    /// (or claim an unassigned one for themselves).
    /// Round-robin assignment of a waiting chat (``RoundRobin`` chose `login`): it opens with them, unless someone
    /// claimed it or it left the queue since it was picked (nil: leave it).
    public static func autoAssign(_ c: ConversationFacts, to login: String) -> Transition? {
        guard c.state == .waiting, c.assignee == nil else { return nil }
        return Transition(state: .open, assignee: login, changed: true, audit: .assign)
    }

    public static func assign(_ c: ConversationFacts, to target: String, by actor: Actor, workload: Workload? = nil) throws(Refusal) -> Transition {
        // Assigning to yourself is a claim, except a supervisor taking over someone's chat (a reassignment).
        if target == actor.login && (c.assignee == nil || !actor.isSupervisor) { return try claim(c, by: actor, workload: workload) }
        if c.assignee == target {
            return Transition(state: c.state, assignee: target, changed: false, audit: nil)
        }
        if !actor.isSupervisor {
            guard let holder = c.assignee else {
                throw Refusal("only a supervisor may assign a waiting chat to someone else; claim it yourself with c")
            }
            guard holder == actor.login else {
                throw Refusal("only a supervisor may reassign {1}'s chat", holder)
            }
        }
        let state: ConversationState = c.state == .pending ? .pending : .open
        return Transition(state: state, assignee: target, changed: true, audit: c.assignee == nil ? .assign : .reassign)
    }

    /// Marks the conversation pending (its agent waits on the customer or a third party). Already pending, it
    /// changes only when the time it comes back changes (`newTime`), and that is audited too.
    public static func setPending(_ c: ConversationFacts, by actor: Actor, newTime: Bool = false) throws(Refusal) -> Transition {
        try requireHolder(c, actor, doing: "set it pending")
        guard c.state != .resolved else { throw Refusal("conversation is resolved; it reopens when the customer writes") }
        if c.state == .pending { return Transition(state: .pending, assignee: c.assignee, changed: newTime, audit: newTime ? .pending : nil) }
        return Transition(state: .pending, assignee: c.assignee ?? actor.login, changed: true, audit: .pending)
    }

    /// A chat pending until a time that has come: open again with its agent (waiting when it had none).
    public static func wake(_ c: ConversationFacts) -> Transition {
        guard c.state == .pending else { return Transition(state: c.state, assignee: c.assignee, changed: false, audit: nil) }
        return Transition(state: c.assignee == nil ? .waiting : .open, assignee: c.assignee, changed: true, audit: .wake)
    }

    /// Resolves the conversation. The assignee stays, so the customer's next message reaches them again.
    public static func resolve(_ c: ConversationFacts, by actor: Actor) throws(Refusal) -> Transition {
        if c.state == .resolved { return Transition(state: .resolved, assignee: c.assignee, changed: false, audit: nil) }
        try requireHolder(c, actor, doing: "resolve it")
        return Transition(state: .resolved, assignee: c.assignee, changed: true, audit: .resolve)
    }

    /// Reopens a resolved conversation: its last agent or a supervisor may; it comes back open to that agent
    /// (to `actor` when nobody held it).
    public static func reopen(_ c: ConversationFacts, by actor: Actor) throws(Refusal) -> Transition {
        guard c.state == .resolved else { throw Refusal("the conversation is not resolved; there is nothing to reopen") }
        if let holder = c.assignee, holder != actor.login, !actor.isSupervisor {
            throw Refusal("{1} resolved this conversation; only {2} or a supervisor may reopen it", holder, holder)
        }
        return Transition(state: .open, assignee: c.assignee ?? actor.login, changed: true, audit: .reopen)
    }

    /// May `actor` send a free-form reply now? A supervisor answering a waiting chat takes it.
    public static func reply(_ c: ConversationFacts, by actor: Actor, at now: Date) throws(Refusal) -> Transition {
        try requireHolder(c, actor, doing: "reply in it")
        guard c.window.isOpen(at: now) else {
            throw Refusal("the 24h customer service window is closed; send an approved template instead (loket templates list)")
        }
        return try transitionForOutbound(c, by: actor)
    }

    /// May `actor` send a template message? Templates are allowed with the window closed.
    public static func sendTemplate(_ c: ConversationFacts, by actor: Actor) throws(Refusal) -> Transition {
        try requireHolder(c, actor, doing: "send a template in it")
        return try transitionForOutbound(c, by: actor)
    }

    /// Anyone on the team may add a private note.
    public static func note(_ c: ConversationFacts, by actor: Actor) -> Transition {
        Transition(state: c.state, assignee: c.assignee, changed: false, audit: nil)
    }

    private static func transitionForOutbound(_ c: ConversationFacts, by actor: Actor) throws(Refusal) -> Transition {
        if c.assignee == nil {
            // Only a supervisor gets here (requireHolder refuses agents): the reply claims the chat for them.
            let state: ConversationState = c.state == .waiting ? .open : c.state
            return Transition(state: state, assignee: actor.login, changed: true, audit: .claim)
        }
        return Transition(state: c.state, assignee: c.assignee, changed: false, audit: nil)
    }

    private static func requireHolder(_ c: ConversationFacts, _ actor: Actor, doing what: String) throws(Refusal) {
        if actor.isSupervisor { return }
        guard let holder = c.assignee else {
            throw Refusal("claim this conversation first (c) before you {1}", what)
        }
        guard holder == actor.login else {
            throw Refusal("{1} holds this conversation; only {2} or a supervisor may {3}", holder, holder, what)
        }
    }
}

/// Team-wide permissions that do not concern one conversation.
public enum TeamRules {
    public static func changeRole(by actor: Actor?) throws(Refusal) {
        guard let a = actor, a.isSupervisor else { throw Refusal("only a supervisor may change roles") }
    }
    /// Changing `target`'s role: a supervisor does it, and the team never loses its last supervisor.
    /// Returns false when the role is already `role` (nothing to do).
    public static func changeRole(of target: Actor, to role: Role, by actor: Actor?, supervisors: Int) throws(Refusal) -> Bool {
        try changeRole(by: actor)
        guard target.role != role else { return false }
        if target.role == .supervisor && supervisors <= 1 {
            throw Refusal("{1} is the last supervisor; make someone else a supervisor first", target.login)
        }
        return true
    }
    /// The first agent of a desk is always a supervisor (someone must be able to run it); later ones get what was asked.
    public static func roleForNewAgent(requested: Role, teamSize: Int) -> Role { teamSize == 0 ? .supervisor : requested }
    /// Adding an agent: administration (who may act as anyone, docs/SPEC.md §13) or a supervisor.
    public static func addAgent(by actor: Actor?, administration: Bool) throws(Refusal) {
        guard administration || actor?.isSupervisor == true else { throw Refusal("only a supervisor may add agents") }
    }
    public static func announce(by actor: Actor) throws(Refusal) {
        guard actor.isSupervisor else { throw Refusal("only a supervisor may send announcements") }
    }
    public static func readAudit(by actor: Actor?) throws(Refusal) {
        guard let a = actor, a.isSupervisor else { throw Refusal("only a supervisor may read the audit trail") }
    }
}

/// How many chats an agent holds open now, and how many they may.
public struct Workload: Equatable, Sendable {
    public var open: Int
    public var capacity: Int
    public init(open: Int, capacity: Int) { self.open = open; self.capacity = capacity }
}

public import Foundation

/// How presence is kept (docs/SPEC.md §5): consoles write a heartbeat every ``heartbeatEvery`` seconds; one not heard
/// from for ``timeout`` is offline; typing stops counting after ``typingLasts`` without a key.
public enum PresenceTimings {
    public static let heartbeatEvery: TimeInterval = 10
    public static let timeout: TimeInterval = 30
    public static let typingLasts: TimeInterval = 5
    /// How long the store keeps showing a typing mark to the rest of the team (``typingLasts`` plus a heartbeat's delay).
    public static let typingShown: TimeInterval = 8
}

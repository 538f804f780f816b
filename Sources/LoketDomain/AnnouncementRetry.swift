/// Whether a send the Cloud API asked to retry is tried again (issue 16: the rule is not the backend's): always,
/// except a copy of an announcement that was cancelled or stopped while this attempt was out; that copy is
/// counted cancelled and never sent.
public enum AnnouncementRetry {
    /// `announcementState`: the state of the announcement the message belongs to (nil: not an announcement's).
    public static func triesAgain(announcementState: String?) -> Bool { announcementState != "cancelled" }
}

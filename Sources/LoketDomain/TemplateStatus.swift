/// Which templates may be sent: only those Meta approved (PAUSED, DISABLED, REJECTED, PENDING… may not).
public enum TemplateStatus {
    public static func maySend(_ status: String) -> Bool { status.uppercased() == "APPROVED" }
}

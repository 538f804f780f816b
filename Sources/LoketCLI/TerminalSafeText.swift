import TermCore

/// Store text (names, template bodies, reasons, error details) made safe to print for a human, as the
/// console draws it: escape sequences, other controls and BiDi or other format characters dropped, line
/// breaks as spaces. JSON output never goes through it: it stays exact.
func terminalSafe(_ text: String) -> String {
    DisplayWidth.sanitized(text)
}

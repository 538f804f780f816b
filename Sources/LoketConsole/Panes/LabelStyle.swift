import TermCore

/// Labels' colours: each label always gets the same one of the theme's six label styles (`label.1` …
/// `label.6`), picked by its name, so `vip` looks the same in the queue, the header and every console.
enum LabelStyle {
    static let count = 6

    /// The theme key for a label.
    static func key(_ label: String) -> String {
        // FNV-1a: stable across runs and machines (Swift's own hash is seeded per process).
        var h: UInt32 = 2_166_136_261
        for b in label.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return "label.\(Int(h % UInt32(count)) + 1)"
    }

    static func style(_ label: String, _ theme: Theme) -> Style { theme[key(label)] }
}

/// The kinds of attachment WhatsApp carries (Meta's media message types).
public enum MediaKind: String, Sendable, CaseIterable, Codable {
    case image, video, audio, document, sticker

    /// Reads a message type ("image", "audio", …); nil for anything that is not media.
    public init?(messageType: String) { self.init(rawValue: messageType) }
}

/// Where an attachment is: being fetched from Meta, kept in the media folder, given up on, gone at Meta,
/// or over the size Loket fetches (docs/SPEC.md §9).
public enum MediaState: String, Sendable, CaseIterable, Codable {
    /// Inbound: waiting for (or in) a download. Outbound: waiting to be uploaded and sent.
    case fetching
    /// The file is in the media folder.
    case ready
    /// Downloads kept failing (network, checksum); `loket media get` tries again.
    case failed
    /// Meta no longer has it and it was never stored.
    case expired
    /// Larger than `[media] max_download_mb`: not fetched.
    case tooLarge = "too_large"
}

/// When a failed media download is tried again (docs/SPEC.md §9): 5 s, doubling, at most 30 minutes apart,
/// and given up after ``maxAttempts`` (about three hours of trying), so a file Meta keeps failing on never
/// retries for ever.
public enum MediaRetry {
    public static let maxAttempts = 12
    public static let firstDelay: Double = 5
    public static let longestDelay: Double = 1800

    /// Seconds to wait after the `attempts`-th failure (1-based); nil once it is time to give up.
    public static func delay(afterAttempt attempts: Int) -> Double? {
        guard attempts < maxAttempts else { return nil }
        var d = firstDelay
        for _ in 1..<max(1, attempts) { d *= 2; if d >= longestDelay { return longestDelay } }
        return d
    }
}

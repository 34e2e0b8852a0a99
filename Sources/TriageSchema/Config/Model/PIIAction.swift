/// What a prompt holding personal data gets.
public enum PIIAction: String, Sendable, Hashable, CaseIterable {
    /// Refused with a 400 naming the kind found.
    case block
    /// Sent on with each find replaced by `[REDACTED:<kind>]`.
    case redact
}

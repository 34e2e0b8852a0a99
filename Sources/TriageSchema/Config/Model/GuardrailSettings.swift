/// Checks on what a model group (or a virtual key) sends and receives: personal data in
/// prompts, and words or patterns in answers. A key's settings add to its group's.
public struct GuardrailSettings: Sendable, Hashable {
    /// Personal data in outbound prompts; nil leaves prompts alone.
    public var pii: PIIPolicy?
    /// Words or phrases an answer must not contain, matched case-insensitively as whole words.
    public var responseBlocklist: [String]
    /// Regular expressions (ICU syntax, as `NSRegularExpression` reads them) an answer must not match.
    public var responsePatterns: [String]

    public init(pii: PIIPolicy? = nil, responseBlocklist: [String] = [], responsePatterns: [String] = []) {
        self.pii = pii
        self.responseBlocklist = responseBlocklist
        self.responsePatterns = responsePatterns
    }

    /// Whether no check is configured.
    public var isEmpty: Bool {
        pii == nil && responseBlocklist.isEmpty && responsePatterns.isEmpty
    }
}

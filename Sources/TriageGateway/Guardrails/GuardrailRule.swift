/// A rule that acted, named as a person would find it in config (`pii.email`,
/// `response_patterns[1]`, `key.response_blocklist`) and described without the matched text.
struct GuardrailRule: Sendable, Hashable {
    var name: String
    /// What was found, for the client's error message: "an email address", "a blocked word".
    var finding: String
}

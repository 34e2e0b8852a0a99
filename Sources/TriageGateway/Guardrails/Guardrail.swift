import TriageSchema

/// A check on one request's way out and its answer's way back. Built-ins find personal data
/// in prompts and blocked words or patterns in answers; another check conforms and joins a
/// `GuardrailChain`. Both requirements have permissive defaults, so a check implements one.
protocol Guardrail: Sendable {
    /// Pre-flight: what to do with the request before any upstream sees it.
    func check(_ request: ChatCompletionRequest) -> PreflightVerdict
    /// Post-flight: the rule the answer's text breaks, or nil. Streams pass the text so far.
    func check(responseText: String) -> GuardrailRule?
}

extension Guardrail {
    func check(_ request: ChatCompletionRequest) -> PreflightVerdict { .allow }
    func check(responseText: String) -> GuardrailRule? { nil }
}

/// A guardrail's answer to an outbound request.
enum PreflightVerdict: Sendable {
    case allow
    /// Send this request instead; `rules` name what was redacted.
    case redact(ChatCompletionRequest, rules: [GuardrailRule])
    /// Refuse the request.
    case block(GuardrailRule)
}

/// A rule that acted, named as a person would find it in config (`pii.email`,
/// `response_patterns[1]`, `key.response_blocklist`) and described without the matched text.
struct GuardrailRule: Sendable, Hashable {
    var name: String
    /// What was found, for the client's error message: "an email address", "a blocked word".
    var finding: String
}

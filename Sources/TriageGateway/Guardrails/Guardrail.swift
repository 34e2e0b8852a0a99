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

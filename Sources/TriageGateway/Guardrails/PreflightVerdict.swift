import TriageSchema

/// A guardrail's answer to an outbound request.
enum PreflightVerdict: Sendable {
    case allow
    /// Send this request instead; `rules` name what was redacted.
    case redact(ChatCompletionRequest, rules: [GuardrailRule])
    /// Refuse the request.
    case block(GuardrailRule)
}

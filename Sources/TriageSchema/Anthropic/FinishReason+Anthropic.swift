extension FinishReason {
    /// OpenAI's reason for an Anthropic `stop_reason`: `end_turn` and `stop_sequence` → `stop`,
    /// `max_tokens` → `length`, `tool_use` → `tool_calls`, `refusal` → `content_filter`;
    /// anything newer (e.g. `pause_turn`) reads as `stop`.
    public init(anthropicStopReason reason: String) {
        switch reason {
        case "max_tokens", "model_context_window_exceeded": self = .length
        case "tool_use": self = .toolCalls
        case "refusal": self = .contentFilter
        default: self = .stop
        }
    }
}

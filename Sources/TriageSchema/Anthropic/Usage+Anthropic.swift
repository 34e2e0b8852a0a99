extension Usage {
    /// OpenAI usage from an Anthropic `usage` object.
    ///
    /// Anthropic's `input_tokens` excludes cached tokens while OpenAI's `prompt_tokens` includes
    /// them, so prompt = input + cache writes + cache reads, and cache reads are reported as
    /// `prompt_tokens_details.cached_tokens`.
    public init(anthropic usage: JSONObject) {
        let input = Self.bounded(usage["input_tokens"]?.intValue ?? 0)
        let written = Self.bounded(usage["cache_creation_input_tokens"]?.intValue ?? 0)
        let read = usage["cache_read_input_tokens"]?.intValue.map(Self.bounded)
        self.init(
            promptTokens: input + written + (read ?? 0),
            completionTokens: usage["output_tokens"]?.intValue ?? 0,
            cachedPromptTokens: read)
    }
}

extension Usage {
    /// OpenAI usage from an Anthropic `usage` object.
    ///
    /// Anthropic's `input_tokens` excludes cached tokens while OpenAI's `prompt_tokens` includes
    /// them, so prompt = input + cache writes + cache reads, and cache reads are reported as
    /// `prompt_tokens_details.cached_tokens`. Counts that are not integers in
    /// `0...Usage.maxCount` are read as absent, so the sum cannot overflow.
    public init(anthropic usage: JSONObject) {
        let input = Self.count(usage["input_tokens"]) ?? 0
        let written = Self.count(usage["cache_creation_input_tokens"]) ?? 0
        let read = Self.count(usage["cache_read_input_tokens"])
        self.init(
            promptTokens: input + written + (read ?? 0),
            completionTokens: Self.count(usage["output_tokens"]) ?? 0,
            cachedPromptTokens: read)
    }
}

import TriageSchema

/// What the executor needs to know about a request, whatever its endpoint.
public struct RequestFacts: Sendable {
    /// Estimated prompt tokens: for context windows, tpm limits and the cost strategy.
    public var promptTokens: Int
    /// Expected output tokens, for the cost strategy.
    public var outputTokens: Int
    /// The client's own cap on the answer (`max_tokens`), which a context window must hold.
    public var requestedOutputTokens: Int?
    /// A stream judges deployments by time to first token.
    public var streaming: Bool
    /// Who the end user is, for sticky affinity (the `user` field or `x-triage-user`).
    public var affinityKey: String?
    /// The request's own fallback list, replacing the group's.
    public var fallbacks: [String]?
    public var disableFallbacks: Bool
    /// The request's reservations and charges under its budgets; nil outside the gateway's
    /// request path (tests that drive the executor alone).
    public var spend: RequestSpend?
    /// Tags and regions: which deployments may serve the request.
    public var placement = Placement()
    /// Where a residency-violating hop is recorded, and under which request and key.
    public var residencyAudit: (log: ResidencyAuditLog, requestID: String, keyToken: String?)?

    public init(
        promptTokens: Int, outputTokens: Int = 256, requestedOutputTokens: Int? = nil, streaming: Bool = false,
        affinityKey: String? = nil, fallbacks: [String]? = nil, disableFallbacks: Bool = false
    ) {
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.requestedOutputTokens = requestedOutputTokens
        self.streaming = streaming
        self.affinityKey = affinityKey
        self.fallbacks = fallbacks
        self.disableFallbacks = disableFallbacks
    }

    public init(_ request: ChatCompletionRequest, affinityKey: String? = nil) {
        self.init(
            promptTokens: request.estimatedPromptTokens, outputTokens: request.maxOutputTokens ?? 256,
            requestedOutputTokens: request.maxOutputTokens, streaming: request.stream, affinityKey: affinityKey ?? request.user,
            fallbacks: request.fallbacks, disableFallbacks: request.disableFallbacks)
    }
}

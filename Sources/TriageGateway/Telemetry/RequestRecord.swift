import Foundation

/// What the store keeps of one request: enough to replay its routing decision (features or
/// prompt, the decision with its propensity), judge it (tiers, verifier scores, attempts and
/// their error classes, latency, tokens, cost, status) and join feedback to it later.
public struct RequestRecord: Sendable, Equatable {
    public var id: String
    public var time: Date
    /// The virtual key's id (never the key itself); nil on an open gateway.
    public var apiKey: String?
    /// What the client sent as `model` (a group or a routed model).
    public var model: String
    /// The group and deployment that answered; nil when none did.
    public var servedGroup: String?
    public var deployment: String?
    public var status: Int
    public var latencyMs: Double?
    public var ttftMs: Double?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var costUSD: Double?
    /// The routing features in `RoutingFeatures`' compact encoding, for replay and retraining.
    public var features: [UInt8]?
    /// The prompt text, only when the config allows storing prompts.
    public var prompt: String?
    /// JSON: policy, candidates, their scores, threshold, chosen candidate and its probability.
    public var decision: String?
    /// JSON: each cascade tier tried, its verifier score and outcome.
    public var cascade: String?
    /// JSON: each failed attempt's deployment and error class.
    public var attempts: String?
    public var episodeID: String?

    public init(
        id: String, time: Date, apiKey: String? = nil, model: String, servedGroup: String? = nil, deployment: String? = nil,
        status: Int, latencyMs: Double? = nil, ttftMs: Double? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil,
        costUSD: Double? = nil, features: [UInt8]? = nil, prompt: String? = nil, decision: String? = nil, cascade: String? = nil,
        attempts: String? = nil, episodeID: String? = nil
    ) {
        self.id = id
        self.time = time
        self.apiKey = apiKey
        self.model = model
        self.servedGroup = servedGroup
        self.deployment = deployment
        self.status = status
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.features = features
        self.prompt = prompt
        self.decision = decision
        self.cascade = cascade
        self.attempts = attempts
        self.episodeID = episodeID
    }
}

/// Capacity limits of one deployment. A deployment at a limit is skipped by selection until
/// the limit frees up; nil means no limit is known.
public struct DeploymentLimits: Sendable, Equatable {
    /// Requests per minute the upstream allows this deployment.
    public var rpm: Int?
    /// Tokens (input + output) per minute.
    public var tpm: Int?
    /// Requests in flight at once.
    public var maxInFlight: Int?
    /// Largest prompt plus completion the model accepts; a request estimated to exceed it is
    /// routed elsewhere (or fails with a context-window error) without calling the upstream.
    public var maxContextTokens: Int?
    /// The longest answer the model writes when a request sets no `max_tokens`: the worst case
    /// a budget reserves for it (nil: `governance.default_max_output_tokens`).
    public var maxOutputTokens: Int?

    public init(rpm: Int? = nil, tpm: Int? = nil, maxInFlight: Int? = nil, maxContextTokens: Int? = nil, maxOutputTokens: Int? = nil) {
        self.rpm = rpm
        self.tpm = tpm
        self.maxInFlight = maxInFlight
        self.maxContextTokens = maxContextTokens
        self.maxOutputTokens = maxOutputTokens
    }
}

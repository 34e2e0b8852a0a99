/// The result of converting a LiteLLM Proxy config: Triage's config and everything a person
/// should review before switching over.
public struct LiteLLMImport: Sendable, Equatable {
    public var config: GatewayConfig
    /// Every key of the LiteLLM file that was not carried over, with the reason, in file order.
    /// Nothing is dropped without a line here.
    public var unmapped: [ImportNote]
    /// Keys carried over whose meaning differs a little in Triage, with what changed.
    public var approximations: [ImportNote]
    /// Rules the converted config still breaks (`config.validationIssues()`); empty when it can
    /// be served as it is.
    public var issues: [ConfigIssue]

    public init(config: GatewayConfig, unmapped: [ImportNote], approximations: [ImportNote], issues: [ConfigIssue]) {
        self.config = config
        self.unmapped = unmapped
        self.approximations = approximations
        self.issues = issues
    }
}

import TriageSchema

extension GatewayMetrics {
    /// Counts an answer's tokens and cost against its group and deployment; returns the cost
    /// in USD (0 without usage).
    @discardableResult
    func recordUsage(_ usage: Usage?, group: ModelGroup, deployment: Deployment) -> Double {
        guard let usage else { return 0 }
        let cost = deployment.price.cost(inputTokens: usage.promptTokens, outputTokens: usage.completionTokens)
        registry.increment(Self.tokens, .init(["model_group": group.name, "deployment": deployment.id, "direction": "prompt"]), by: Double(usage.promptTokens))
        registry.increment(Self.tokens, .init(["model_group": group.name, "deployment": deployment.id, "direction": "completion"]), by: Double(usage.completionTokens))
        registry.increment(Self.cost, .init(["model_group": group.name, "deployment": deployment.id]), by: cost)
        return cost
    }
}

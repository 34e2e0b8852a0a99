extension GatewayConfig {
    /// The config Triage runs with when given none: two chat tiers, `cheap` and `frontier`,
    /// that fall back to each other, and an `embeddings` group.
    ///
    /// The tiers are simulated unless `environment` holds `OPENAI_API_KEY` or
    /// `ANTHROPIC_API_KEY`; then they are real deployments (gpt-4o-mini / gpt-4o, Claude Haiku /
    /// Sonnet; with both keys OpenAI first and Anthropic behind it). `forceSimulated` keeps
    /// every deployment simulated whatever the environment holds, so tests and CI never send
    /// traffic off the machine. `embeddings` is always simulated.
    /// `Data/configs/default.json` is this config with no keys present.
    public static func defaults(environment: [String: String], forceSimulated: Bool = false) -> GatewayConfig {
        func has(_ name: String) -> Bool { !forceSimulated && !(environment[name] ?? "").isEmpty }
        let openai = has("OPENAI_API_KEY")
        let anthropic = has("ANTHROPIC_API_KEY")

        func tier(_ name: String, simulated: Deployment, real: [Deployment], fallback: String) -> ModelGroup {
            let deployments = real.isEmpty ? [simulated] : real
            return ModelGroup(
                name: name,
                deployments: deployments,
                // With two providers the second only serves while the first is unhealthy.
                strategy: deployments.count > 1 ? .priority : .weighted,
                fallbacks: FallbackPolicy(generic: [fallback])
            )
        }
        let cheap = tier(
            "cheap", simulated: DefaultDeployments.simulatedCheap,
            real: (openai ? [DefaultDeployments.gpt4oMini] : []) + (anthropic ? [DefaultDeployments.claudeHaiku] : []),
            fallback: "frontier"
        )
        let frontier = tier(
            "frontier", simulated: DefaultDeployments.simulatedFrontier,
            real: (openai ? [DefaultDeployments.gpt4o] : []) + (anthropic ? [DefaultDeployments.claudeSonnet] : []),
            fallback: "cheap"
        )
        let embeddings = ModelGroup(name: "embeddings", kind: .embedding, deployments: [DefaultDeployments.simulatedEmbeddings])
        return GatewayConfig(modelGroups: [cheap, frontier, embeddings].map(withPriorities))
    }

    /// Numbers the deployments of a multi-provider group in list order for the `priority` strategy.
    private static func withPriorities(_ group: ModelGroup) -> ModelGroup {
        var group = group
        if group.deployments.count > 1 {
            for i in group.deployments.indices { group.deployments[i].priority = i }
        }
        return group
    }
}

extension GatewayConfig {
    /// The config Triage runs with when given none: two chat tiers, `cheap` and `frontier`,
    /// that fall back to each other, an `embeddings` group, and the routed models
    /// `triage/auto` (learned routing between the tiers) and `triage/cascade`; `triage serve`
    /// logs requests to `triage.db` in the working directory.
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
        return GatewayConfig(modelGroups: [cheap, frontier, embeddings].map(withPriorities), routedModels: defaultRoutedModels,
                             telemetry: TelemetrySettings(path: "triage.db"),
                             feedbackMetrics: [FeedbackMetric(name: "thumbs_up", kind: .boolean, goal: .maximize)])
    }

    /// The shipped router's heads that the two tiers stand for: Mixtral-8x7B (cheap) and
    /// GPT-4 (frontier), the pair its MMLU data measured.
    public static let cheapHead = "mistralai/Mixtral-8x7B-Instruct-v0.1"
    public static let frontierHead = "gpt-4-1106-preview"
    public static let shippedRouter = "Models/router.triage"

    /// `triage/auto` sends 30 % of requests to `frontier`, choosing which by the shipped
    /// router's `strong_win` score. Its starting threshold is the one that sends 30 % of
    /// RouteLLM's 14,042 MMLU prompts to GPT-4:
    ///
    ///     triage calibrate --model Models/router.triage --prompts ../shared/data/routellm-mmlu/responses \
    ///         --target-strong-share 0.3 --strong gpt-4-1106-preview --weak mistralai/Mixtral-8x7B-Instruct-v0.1
    ///
    /// It learns from `thumbs_up` feedback which requests need `frontier` (the share stays 30 %).
    /// `triage/cascade` asks `cheap` first and climbs to `frontier` when the heuristic
    /// verifier doubts the answer.
    static var defaultRoutedModels: [RoutedModel] {
        let candidates = [RoutedCandidate(group: "cheap", head: cheapHead), RoutedCandidate(group: "frontier", head: frontierHead)]
        return [
            RoutedModel(
                name: "triage/auto", router: shippedRouter, candidates: candidates,
                policy: .targetShare(StrongShareTarget(strongShare: 0.3, initialThreshold: 0.5792)),
                learning: LearningSettings(metric: "thumbs_up")),
            RoutedModel(
                name: "triage/cascade", candidates: candidates,
                cascade: CascadeSettings(verifier: CascadeSettings.heuristicVerifier, thresholds: [0.5])),
        ]
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

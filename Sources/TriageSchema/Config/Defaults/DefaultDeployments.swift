/// The deployments `GatewayConfig.defaults` chooses from. Prices are the providers' list prices
/// per million tokens; the simulated tiers borrow the prices, speeds and context windows of the
/// real models they stand in for, so cost and latency reports look like production ones.
enum DefaultDeployments {
    /// Stands in for a small model: fast, cheap, good on easy prompts and poor on hard ones.
    static let simulatedCheap = Deployment(
        id: "sim-cheap",
        model: "sim-cheap",
        provider: .sim(SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(80), standardDeviation: .milliseconds(30)),
            ttft: .milliseconds(150),
            tokensPerSecond: 150,
            outputTokens: 200,
            quality: SimulatedQuality(base: 0.82, difficultySensitivity: 0.6)
        )),
        limits: DeploymentLimits(maxContextTokens: 128_000),
        price: Price(inputPerMillion: 0.15, outputPerMillion: 0.60)
    )

    /// Stands in for a GPT-4-class model: slower, 16× the price, good on hard prompts too.
    static let simulatedFrontier = Deployment(
        id: "sim-frontier",
        model: "sim-frontier",
        provider: .sim(SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(150), standardDeviation: .milliseconds(60)),
            ttft: .milliseconds(400),
            tokensPerSecond: 60,
            outputTokens: 250,
            quality: SimulatedQuality(base: 0.95, difficultySensitivity: 0.2)
        )),
        limits: DeploymentLimits(maxContextTokens: 128_000),
        price: Price(inputPerMillion: 2.50, outputPerMillion: 10.00)
    )

    /// Stands in for text-embedding-3-small.
    static let simulatedEmbeddings = Deployment(
        id: "sim-embeddings",
        model: "sim-embedding",
        provider: .sim(SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(30), standardDeviation: .milliseconds(10)),
            ttft: .milliseconds(20),
            embeddingDimensions: 256
        )),
        limits: DeploymentLimits(maxContextTokens: 8_191),
        price: Price(inputPerMillion: 0.02, outputPerMillion: 0)
    )

    static let gpt4oMini = openAI("gpt-4o-mini", price: Price(inputPerMillion: 0.15, outputPerMillion: 0.60))
    static let gpt4o = openAI("gpt-4o", price: Price(inputPerMillion: 2.50, outputPerMillion: 10.00))
    static let claudeHaiku = anthropic("claude-3-5-haiku-20241022", id: "anthropic-claude-haiku",
                                       price: Price(inputPerMillion: 0.80, outputPerMillion: 4.00))
    static let claudeSonnet = anthropic("claude-sonnet-4-20250514", id: "anthropic-claude-sonnet",
                                        price: Price(inputPerMillion: 3.00, outputPerMillion: 15.00))

    private static func openAI(_ model: String, price: Price) -> Deployment {
        Deployment(
            id: "openai-\(model)",
            model: model,
            provider: .openai(OpenAIProviderSettings(apiKey: .environment("OPENAI_API_KEY"))),
            limits: DeploymentLimits(maxContextTokens: 128_000),
            price: price
        )
    }

    private static func anthropic(_ model: String, id: String, price: Price) -> Deployment {
        Deployment(
            id: id,
            model: model,
            provider: .anthropic(AnthropicProviderSettings(apiKey: .environment("ANTHROPIC_API_KEY"))),
            limits: DeploymentLimits(maxContextTokens: 200_000),
            price: price
        )
    }
}

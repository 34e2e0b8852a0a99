extension ProviderSettings {
    func validate(at path: ConfigPath, groupKind: ModelGroupKind, log: ConfigIssueLog) {
        switch self {
        case .openai(let settings):
            log.secret(settings.apiKey, path / "api_key")
        case .azure(let settings):
            log.secret(settings.apiKey, path / "api_key")
            log.notEmpty(settings.apiVersion, path / "api_version")
        case .anthropic(let settings):
            log.secret(settings.apiKey, path / "api_key")
            log.notEmpty(settings.apiVersion, path / "api_version")
            log.check(groupKind != .embedding, path / "kind",
                      "anthropic has no embeddings API; an embedding group needs openai, azure or sim")
        case .sim(let settings):
            settings.validate(at: path, log: log)
        }
    }
}

extension SimulatedProviderSettings {
    func validate(at path: ConfigPath, log: ConfigIssueLog) {
        log.nonNegative(latency.mean, path / "latency" / "mean_ms")
        log.nonNegative(latency.standardDeviation, path / "latency" / "stddev_ms")
        log.nonNegative(ttft, path / "ttft_ms")
        log.positive(tokensPerSecond, path / "tokens_per_second")
        log.positive(outputTokens, path / "output_tokens")
        log.fraction(quality.base, path / "quality" / "base")
        log.fraction(quality.difficultySensitivity, path / "quality" / "difficulty_sensitivity")
        log.positive(embeddingDimensions, path / "embedding_dimensions")

        let f = path / "faults"
        let rates = SimulatedFaults.rateKeys.map { (key: $0.key, rate: faults[keyPath: $0.value]) }
        for (key, rate) in rates {
            log.fraction(rate, f / key)
        }
        let total = faults.total
        // The sum is only worth a word when each rate is sound; allow for rounding in rates
        // such as 0.1 + 0.2 + 0.7.
        log.check(!rates.allSatisfy({ (0...1).contains($0.rate) }) || total <= 1 + 1e-9, f,
                  "the fault rates add up to \(ConfigJSONWriter.number(total)); at most one fault happens per attempt, so the sum must be at most 1")
        log.nonNegative(faults.retryAfter, f / "retry_after_s")
    }
}

extension Deployment {
    /// Rules for one deployment on its own; ids across the config are checked by `GatewayConfig`.
    func validate(at path: ConfigPath, kind groupKind: ModelGroupKind, log: ConfigIssueLog) {
        log.notEmpty(id, path / "id")
        log.notEmpty(model, path / "model")
        provider.validate(at: path / "provider", groupKind: groupKind, log: log)
        log.positive(weight, path / "weight")
        for (i, tag) in tags.enumerated() { log.notEmpty(tag, path / "tags" / i) }
        if let region { log.notEmpty(region, path / "region") }

        log.positive(limits.rpm, path / "limits" / "rpm")
        log.positive(limits.tpm, path / "limits" / "tpm")
        log.positive(limits.maxInFlight, path / "limits" / "max_in_flight")
        log.positive(limits.maxContextTokens, path / "limits" / "max_context_tokens")
        log.positive(limits.maxOutputTokens, path / "limits" / "max_output_tokens")

        let t = path / "timeouts"
        log.positive(timeouts.total, t / "total_ms")
        log.positive(timeouts.attempt, t / "attempt_ms")
        log.positive(timeouts.ttft, t / "ttft_ms")
        // Ordered so that each stage's budget fits inside the next; reported on the object
        // because either member may be the one to change. A non-positive value is already
        // reported, and comparing against it would only repeat that.
        if timeouts.ttft > .zero, timeouts.attempt > .zero {
            log.check(timeouts.ttft <= timeouts.attempt, t,
                      "ttft_ms (\(ms(timeouts.ttft))) must not exceed attempt_ms (\(ms(timeouts.attempt)))")
        }
        if timeouts.attempt > .zero, timeouts.total > .zero {
            log.check(timeouts.attempt <= timeouts.total, t,
                      "attempt_ms (\(ms(timeouts.attempt))) must not exceed total_ms (\(ms(timeouts.total)))")
        }

        log.nonNegative(price.inputPerMillion, path / "price" / "input_per_million")
        log.nonNegative(price.outputPerMillion, path / "price" / "output_per_million")
    }
}

fileprivate func ms(_ d: Duration) -> String {
    ConfigJSONWriter.number(d.configMilliseconds)
}

extension SimulatedProviderSettings {
    /// The members of a `{"kind": "sim", …}` provider object.
    static func read(_ r: ConfigObjectReader) -> SimulatedProviderSettings {
        let d = SimulatedProviderSettings()
        return SimulatedProviderSettings(
            latency: r.object("latency", default: d.latency) { r in
                SimulatedLatency(
                    mean: r.milliseconds("mean_ms", default: d.latency.mean),
                    standardDeviation: r.milliseconds("stddev_ms", default: d.latency.standardDeviation)
                )
            },
            ttft: r.milliseconds("ttft_ms", default: d.ttft),
            tokensPerSecond: r.double("tokens_per_second", default: d.tokensPerSecond),
            outputTokens: r.int("output_tokens", default: d.outputTokens),
            quality: r.object("quality", default: d.quality) { r in
                SimulatedQuality(
                    base: r.double("base", default: d.quality.base),
                    difficultySensitivity: r.double("difficulty_sensitivity", default: d.quality.difficultySensitivity)
                )
            },
            faults: r.object("faults", default: d.faults, SimulatedFaults.read),
            embeddingDimensions: r.int("embedding_dimensions", default: d.embeddingDimensions)
        )
    }

    func write(to w: inout ConfigObjectWriter) {
        let d = SimulatedProviderSettings()
        var latencyWriter = ConfigObjectWriter(w.style)
        latencyWriter.add("mean_ms", .milliseconds(latency.mean), default: .milliseconds(d.latency.mean))
        latencyWriter.add("stddev_ms", .milliseconds(latency.standardDeviation),
                          default: .milliseconds(d.latency.standardDeviation))
        var qualityWriter = ConfigObjectWriter(w.style)
        qualityWriter.add("base", .number(quality.base), default: .number(d.quality.base))
        qualityWriter.add("difficulty_sensitivity", .number(quality.difficultySensitivity),
                          default: .number(d.quality.difficultySensitivity))

        w.add("latency", latencyWriter.tree, default: [:])
        w.add("ttft_ms", .milliseconds(ttft), default: .milliseconds(d.ttft))
        w.add("tokens_per_second", .number(tokensPerSecond), default: .number(d.tokensPerSecond))
        w.add("output_tokens", .number(Double(outputTokens)), default: .number(Double(d.outputTokens)))
        w.add("quality", qualityWriter.tree, default: [:])
        w.add("faults", faults.tree(w.style), default: [:])
        w.add("embedding_dimensions", .number(Double(embeddingDimensions)),
              default: .number(Double(d.embeddingDimensions)))
    }
}

extension DeploymentLimits {
    /// `{"rpm", "tpm", "max_in_flight", "max_context_tokens", "max_output_tokens"}`, each an integer or null.
    static func read(_ r: ConfigObjectReader) -> DeploymentLimits {
        DeploymentLimits(
            rpm: r.optionalInt("rpm"),
            tpm: r.optionalInt("tpm"),
            maxInFlight: r.optionalInt("max_in_flight"),
            maxContextTokens: r.optionalInt("max_context_tokens"),
            maxOutputTokens: r.optionalInt("max_output_tokens")
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("rpm", .int(rpm), default: .null)
        w.add("tpm", .int(tpm), default: .null)
        w.add("max_in_flight", .int(maxInFlight), default: .null)
        w.add("max_context_tokens", .int(maxContextTokens), default: .null)
        w.add("max_output_tokens", .int(maxOutputTokens), default: .null)
        return w.tree
    }
}

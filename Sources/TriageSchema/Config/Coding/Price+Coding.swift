extension Price {
    /// `{"input_per_million", "output_per_million"}`, US dollars.
    static func read(_ r: ConfigObjectReader) -> Price {
        Price(
            inputPerMillion: r.double("input_per_million", default: 0),
            outputPerMillion: r.double("output_per_million", default: 0)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("input_per_million", .number(inputPerMillion), default: 0)
        w.add("output_per_million", .number(outputPerMillion), default: 0)
        return w.tree
    }
}

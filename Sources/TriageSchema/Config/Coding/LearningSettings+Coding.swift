extension LearningSettings {
    /// `{"metric": "thumbs_up", "lambda": 100, "temperature": 0.05, "bonus": 0.5,
    ///   "exploration": {"max_share": 0.1, "max_usd_per_day": 1}}`.
    static func read(_ r: ConfigObjectReader) -> LearningSettings {
        let d = LearningSettings(metric: "")
        let exploration = r.object("exploration", default: (d.maxExplorationShare, d.maxExplorationUSDPerDay)) { e in
            (e.double("max_share", default: d.maxExplorationShare), e.double("max_usd_per_day", default: d.maxExplorationUSDPerDay))
        }
        return LearningSettings(
            metric: r.requiredString("metric"), lambda: r.double("lambda", default: d.lambda),
            temperature: r.double("temperature", default: d.temperature), bonus: r.double("bonus", default: d.bonus),
            maxExplorationShare: exploration.0, maxExplorationUSDPerDay: exploration.1)
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = LearningSettings(metric: "")
        var w = ConfigObjectWriter(style)
        w.add("metric", .string(metric))
        w.add("lambda", .number(lambda), default: .number(d.lambda))
        w.add("temperature", .number(temperature), default: .number(d.temperature))
        w.add("bonus", .number(bonus), default: .number(d.bonus))
        var e = ConfigObjectWriter(style)
        e.add("max_share", .number(maxExplorationShare), default: .number(d.maxExplorationShare))
        e.add("max_usd_per_day", .number(maxExplorationUSDPerDay), default: .number(d.maxExplorationUSDPerDay))
        w.add("exploration", e.tree, default: [:])
        return w.tree
    }
}

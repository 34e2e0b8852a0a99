extension FeedbackMetric {
    /// `{"name": "thumbs_up", "type": "boolean", "goal": "maximize"}`.
    static func read(_ r: ConfigObjectReader) -> FeedbackMetric {
        let d = FeedbackMetric(name: "")
        return FeedbackMetric(
            name: r.requiredString("name"),
            kind: r.choice("type", default: d.kind, noun: "metric type"),
            goal: r.choice("goal", default: d.goal, noun: "goal"))
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = FeedbackMetric(name: "")
        var w = ConfigObjectWriter(style)
        w.add("name", .string(name))
        w.add("type", .string(kind.rawValue), default: .string(d.kind.rawValue))
        w.add("goal", .string(goal.rawValue), default: .string(d.goal.rawValue))
        return w.tree
    }
}

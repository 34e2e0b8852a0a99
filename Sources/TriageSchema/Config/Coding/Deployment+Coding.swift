extension Deployment {
    /// One element of a group's `deployments`. `model` and `provider` are required; `id`
    /// defaults to `defaultID` (`<group>-<n>`).
    static func read(_ r: ConfigObjectReader, defaultID: String) -> Deployment {
        let d = Deployment(id: defaultID, model: "", provider: .sim(SimulatedProviderSettings()))
        let id = r.string("id", default: defaultID)
        let model = r.requiredString("model")
        let provider: ProviderSettings
        if let tree = r.value("provider") {
            provider = ProviderSettings.read(tree, at: r.path / "provider", log: r.log) ?? d.provider
        } else {
            r.log.invalid(r.path / "provider", "is required")
            provider = d.provider
        }
        return Deployment(
            id: id,
            model: model,
            provider: provider,
            weight: r.double("weight", default: d.weight),
            priority: r.int("priority", default: d.priority),
            tags: r.strings("tags"),
            region: r.optionalString("region"),
            limits: r.object("limits", default: d.limits, DeploymentLimits.read),
            timeouts: r.object("timeouts", default: d.timeouts, Timeouts.read),
            price: r.object("price", default: d.price, Price.read)
        )
    }

    func tree(_ style: ConfigEncodingStyle, defaultID: String) -> ConfigTree {
        let d = Deployment(id: defaultID, model: "", provider: provider)
        var w = ConfigObjectWriter(style)
        w.add("id", .string(id), default: .string(defaultID))
        w.add("model", .string(model))
        w.add("provider", provider.tree(style))
        w.add("weight", .number(weight), default: .number(d.weight))
        w.add("priority", .number(Double(priority)), default: .number(Double(d.priority)))
        w.add("tags", .strings(tags), default: .strings(d.tags))
        w.add("region", .text(region), default: .null)
        w.add("limits", limits.tree(style), default: [:])
        w.add("timeouts", timeouts.tree(style), default: [:])
        w.add("price", price.tree(style), default: [:])
        return w.tree
    }
}

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
        // No price in the config: the shipped table's list price for the model, when it knows it.
        var origin = PriceOrigin.configured
        var price = d.price
        if r.contains("price") {
            price = r.object("price", default: d.price, Price.read)
        } else if case .sim = provider {
            origin = .configured  // the simulation's own price: free unless configured
        } else if let entry = PriceTable.entry(forModel: model) {
            (price, origin) = (entry.price, .table(provider: entry.provider, asOf: entry.asOf))
        } else {
            origin = .unknown
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
            price: price,
            priceOrigin: origin
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
        // A configured price is written even when free: read back without one, the table would apply.
        if priceOrigin == .configured { w.add("price", price.tree(style)) }
        return w.tree
    }
}

/// A budget on everything one model group is billed, whoever calls it (a cascade's tiers and a
/// routed model's choices count against the group that answered).
public struct ModelBudget: Sendable, Equatable {
    /// A `model_groups` name.
    public var model: String
    public var budget: Budget

    public init(model: String, budget: Budget) {
        self.model = model
        self.budget = budget
    }
}

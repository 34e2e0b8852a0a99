/// How a routed model turns the router's scores into a choice of candidate.
public enum RoutingPolicy: Sendable, Equatable {
    /// Two candidates: the strong (last) one when the router's `strong_win` score is at least
    /// the threshold (RouteLLM's rule).
    case threshold(Double)
    /// Two candidates: a threshold adjusted online so that the share of requests sent to the
    /// strong candidate holds a target.
    case targetShare(StrongShareTarget)
    /// Two or more candidates: the one maximising predicted quality − λ · expected cost in USD.
    case costAware(CostAwarePolicy)

    /// The config's `kind` for each case.
    public enum Kind: String, Sendable, CaseIterable {
        case threshold
        case targetShare = "target_share"
        case costAware = "cost_aware"
    }

    public var kind: Kind {
        switch self {
        case .threshold: .threshold
        case .targetShare: .targetShare
        case .costAware: .costAware
        }
    }
}

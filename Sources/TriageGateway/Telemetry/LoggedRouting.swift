import TriageSchema

/// A routed request's decision as the request log holds it (the `decision` column that
/// `RequestLogger` writes), read back by feedback learning, `triage replay` and
/// `triage train --from-db`. Nil for text that is not such a decision.
public struct LoggedRouting: Sendable, Equatable {
    /// Candidate groups, cheap → frontier, and the router head each stands for.
    public var candidates: [String]
    public var heads: [String]
    /// The chosen candidate and the probability it was chosen with.
    public var arm: Int
    public var probability: Double
    /// The router's predicted quality per candidate (empty without a router).
    public var predicted: [Double]
    /// strong_win for two-candidate routers.
    public var strongWin: Double?
    /// λ the decision priced cost with (cost-aware policies and the bandit).
    public var lambda: Double?
    /// The bandit's context and each arm's prior, when the model learns.
    public var context: [Double]?
    public var prior: [Double]?

    public init?(json text: String) {
        guard case .object(let d)? = try? JSONValue(parsing: Array(text.utf8)),
              let candidates = d["candidates"]?.arrayValue?.compactMap(\.stringValue), let arm = d["arm"]?.intValue,
              candidates.indices.contains(arm), let probability = d["probability"]?.doubleValue,
              probability > 0, probability <= 1 else { return nil }
        func numbers(_ key: String) -> [Double]? { d[key]?.arrayValue?.compactMap(\.doubleValue) }
        self.candidates = candidates
        self.heads = d["heads"]?.arrayValue?.compactMap(\.stringValue) ?? candidates
        self.arm = arm
        self.probability = probability
        self.predicted = numbers("predicted") ?? []
        self.strongWin = d["strong_win"]?.doubleValue
        self.lambda = d["lambda"]?.doubleValue
        self.context = numbers("context")
        self.prior = numbers("prior")
    }
}

/// Held-out results of every policy on every row, one setting per budget: what a cascade
/// evaluation measured, ready to summarise over all rows or one task's.
public struct CascadeEvaluation: Sendable {
    public let outcomes: ModelOutcomes
    /// Each row's source (task), aligned with the outcomes.
    public let sources: [String]
    /// Per policy: settings × rows of realised cost and quality; each row's values come from
    /// the fold that held it out.
    public private(set) var cost: [CascadePolicy: [[Double]]] = [:]
    public private(set) var quality: [CascadePolicy: [[Double]]] = [:]
    /// Per policy, the chain (model indices) each fold chose.
    public private(set) var chains: [CascadePolicy: [[Int]]] = [:]

    init(outcomes: ModelOutcomes, sources: [String], settings: Int) {
        self.outcomes = outcomes
        self.sources = sources
        for policy in CascadePolicy.allCases {
            cost[policy] = Array(repeating: Array(repeating: 0, count: outcomes.count), count: settings)
            quality[policy] = cost[policy]
            chains[policy] = []
        }
    }

    /// Stores one fold's held-out runs (one per setting) and chains.
    mutating func record(_ runs: [CascadePolicy: [CascadeRun]], chains foldChains: [CascadePolicy: [Int]]) {
        for (policy, settings) in runs {
            for (j, run) in settings.enumerated() {
                for (r, i) in run.rows.enumerated() {
                    cost[policy]![j][i] = run.cost[r]
                    quality[policy]![j][i] = run.quality[r]
                }
            }
            chains[policy]!.append(foldChains[policy] ?? [])
        }
    }

    /// The distinct sources, sorted.
    public var tasks: [String] { Array(Set(sources)).sorted() }

    /// A policy's operating points on `rows` (all when nil), one per setting.
    public func points(_ policy: CascadePolicy, rows: [Int]? = nil) -> [CostQualityPoint] {
        let rows = rows ?? Array(0..<outcomes.count)
        let n = Double(max(rows.count, 1))
        return zip(cost[policy]!, quality[policy]!).map { c, q in
            CostQualityPoint(cost: rows.reduce(0) { $0 + c[$1] } / n, quality: rows.reduce(0) { $0 + q[$1] } / n)
        }
    }

    /// The comparison on every row, or on one task's rows.
    public func summary(task: String? = nil) throws(EvaluationError) -> CascadeSummary {
        let rows = task.map { t in sources.indices.filter { sources[$0] == t } } ?? Array(0..<outcomes.count)
        guard !rows.isEmpty else { throw .empty }
        let singles = CascadeFoldPolicies.singlePoints(outcomes, rows: rows)
        return try CascadeSummary(
            title: task ?? "all", rows: rows.count,
            models: Array(zip(outcomes.models, singles)),
            policies: CascadePolicy.allCases.map { ($0.rawValue, points($0, rows: rows)) })
    }
}

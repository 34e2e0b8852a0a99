import DequeModule
import Foundation
import Synchronization
import TriageCore
import TriageSchema

/// A routed model's contextual bandit: one ridge arm per candidate modelling how far the
/// router's estimate (the prior) is from the reward feedback reports, a softmax-UCB logging
/// policy with exact propensities, an exploration budget, and episodes that keep their arm.
final class BanditRuntime: Sendable {
    let settings: LearningSettings
    let arms: [String]
    let dimension: Int
    let policy: SoftmaxUCBPolicy

    /// The choice for one request, with everything needed to learn from its feedback later.
    struct Choice: Sendable {
        var arm: Int
        var probability: Double
        var greedy: Int
        var context: [Double]
        var prior: [Double]
    }

    private struct State {
        var arms: [LinearArmStatistics]
        var budget: ExplorationBudget
        var episodes: [String: (arm: Int, probability: Double)] = [:]
        var episodeOrder: Deque<String> = []
    }

    /// Episodes remembered for their arm; the oldest are forgotten first.
    static let episodeCapacity = 100_000

    private let state: Mutex<State>

    /// - Parameters:
    ///   - stored: arms loaded from the request log, by candidate group.
    ///   - previous: the runtime this one replaces on reload; its state carries over when the
    ///     arms and dimension match.
    init(_ settings: LearningSettings, candidates: [String], stored: [String: LinearArmStatistics], previous: BanditRuntime?) {
        self.settings = settings
        self.arms = candidates
        self.dimension = BanditContext.dimension(candidates: candidates.count)
        self.policy = SoftmaxUCBPolicy(temperature: settings.temperature, bonus: settings.bonus)
        let budget = ExplorationBudget(maxShare: settings.maxExplorationShare, maxSpendPerPeriod: settings.maxExplorationUSDPerDay)
        if let previous, previous.arms == candidates, previous.dimension == dimension {
            var carried = previous.state.withLock { $0 }
            carried.budget = previous.settings == settings ? carried.budget : budget
            state = Mutex(carried)
        } else {
            let d = dimension
            let loaded = candidates.map { name in
                stored[name].flatMap { $0.dimension == d ? $0 : nil } ?? LinearArmStatistics(dimension: d)
            }
            state = Mutex(State(arms: loaded, budget: budget))
        }
    }

    /// Chooses an arm: an episode's earlier arm if it has one; else a draw from the softmax
    /// when the budget allows exploring, the greedy arm (probability 1) when it does not.
    /// - Parameters: prior: the router's reward estimate per arm; cost: each arm's expected USD.
    func choose(context x: [Double], prior: [Double], cost: [Double], episode: String?, uniform u: Double, now: Double) -> Choice {
        state.withLock { s in
            let (probabilities, greedy) = policy.probabilities(context: x, prior: prior, arms: s.arms)
            if let episode, let kept = s.episodes[episode] {
                return Choice(arm: kept.arm, probability: kept.probability, greedy: greedy, context: x, prior: prior)
            }
            var arm = greedy, probability = 1.0
            if s.budget.allowsExploration(now: now) {
                arm = SoftmaxUCBPolicy.sample(probabilities, uniform: u)
                probability = probabilities[arm]
            }
            s.budget.record(explored: arm != greedy, extraCost: cost[arm] - cost[greedy], now: now)
            if let episode {
                s.episodes[episode] = (arm, probability)
                s.episodeOrder.append(episode)
                if s.episodeOrder.count > Self.episodeCapacity, let oldest = s.episodeOrder.popFirst() { s.episodes[oldest] = nil }
            }
            return Choice(arm: arm, probability: probability, greedy: greedy, context: x, prior: prior)
        }
    }

    /// Each arm's learned reward estimate, prior included (no exploration bonus).
    func means(context x: [Double], prior: [Double]) -> [Double] {
        state.withLock { s in prior.indices.map { prior[$0] + s.arms[$0].mean(x) } }
    }

    /// Learns from one reward: the arm's residual over its prior. Returns the arm's new
    /// statistics, for the store.
    func learn(arm: Int, context x: [Double], prior: Double, reward: Double) -> LinearArmStatistics? {
        guard arms.indices.contains(arm), x.count == dimension, reward.isFinite, prior.isFinite else { return nil }
        return state.withLock { s in
            s.arms[arm].update(x, reward: reward - prior)
            return s.arms[arm]
        }
    }

    /// What exploration has spent: the window's explored share and today's and all-time USD.
    var exploration: (share: Double, spentToday: Double, spentTotal: Double) {
        state.withLock { ($0.budget.exploredShare, $0.budget.spentThisPeriod, $0.budget.spentTotal) }
    }

    /// Observations per arm.
    var counts: [Int] { state.withLock { $0.arms.map(\.count) } }
}

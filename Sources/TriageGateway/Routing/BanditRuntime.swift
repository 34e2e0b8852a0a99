import Synchronization
import TriageCore
import TriageSchema

/// A learning routed model's contextual bandit, shared by its requests behind a lock.
final class BanditRuntime: Sendable {
    let settings: LearningSettings
    let arms: [String]
    let dimension: Int
    private let bandit: Mutex<ContextualBandit>

    /// - Parameters:
    ///   - stored: arms loaded from the request log, by candidate group.
    ///   - previous: the runtime this one replaces on reload; its state carries over when the
    ///     arms and dimension match (the budget too, when the settings did not change).
    init(_ settings: LearningSettings, candidates: [String], stored: [String: LinearArmStatistics], previous: BanditRuntime?) {
        self.settings = settings
        self.arms = candidates
        let d = BanditContext.dimension(candidates: candidates.count)
        self.dimension = d
        let budget = ExplorationBudget(maxShare: settings.maxExplorationShare, maxSpendPerPeriod: settings.maxExplorationUSDPerDay)
        if let previous, previous.arms == candidates, previous.dimension == d {
            var carried = previous.bandit.withLock { $0 }
            if previous.settings != settings {
                carried = ContextualBandit(arms: carried.arms, policy: SoftmaxUCBPolicy(temperature: settings.temperature, bonus: settings.bonus), budget: budget)
            }
            bandit = Mutex(carried)
        } else {
            let loaded = candidates.map { stored[$0].flatMap { $0.dimension == d ? $0 : nil } ?? LinearArmStatistics(dimension: d) }
            bandit = Mutex(ContextualBandit(arms: loaded, policy: SoftmaxUCBPolicy(temperature: settings.temperature, bonus: settings.bonus), budget: budget))
        }
    }

    func choose(context x: [Double], prior: [Double], cost: [Double], episode: String?, uniform u: Double, now: Double) -> ContextualBandit.Choice {
        bandit.withLock { $0.choose(context: x, prior: prior, cost: cost, episode: episode, uniform: u, now: now) }
    }

    func means(context x: [Double], prior: [Double]) -> [Double] {
        bandit.withLock { $0.means(context: x, prior: prior) }
    }

    /// Learns one reward; returns the arm's new statistics, for the store.
    func learn(arm: Int, context x: [Double], prior: Double, reward: Double) -> LinearArmStatistics? {
        bandit.withLock { b in b.learn(arm: arm, context: x, prior: prior, reward: reward) ? b.arms[arm] : nil }
    }

    /// Corrects a learned reward whose feedback was revised; returns the arm for the store.
    func revise(arm: Int, context x: [Double], rewardChange delta: Double) -> LinearArmStatistics? {
        bandit.withLock { b in b.revise(arm: arm, context: x, rewardChange: delta) ? b.arms[arm] : nil }
    }

    /// What exploration has spent: the window's explored share and today's and all-time USD.
    var exploration: (share: Double, spentToday: Double, spentTotal: Double) {
        bandit.withLock { ($0.budget.exploredShare, $0.budget.spentThisPeriod, $0.budget.spentTotal) }
    }

    /// Observations per arm.
    var counts: [Int] { bandit.withLock { $0.arms.map(\.count) } }
}

/// A contextual bandit over N arms, each a ridge model of the reward's residual over a prior
/// (the offline router's estimate): the softmax-UCB logging policy, the exploration budget, and
/// episodes that keep the arm their first request drew. The gateway keeps one per learning
/// routed model behind a lock; `triage simulate` drives one directly.
public struct ContextualBandit: Sendable {
    /// One decision, with what is needed to learn from its reward later.
    public struct Choice: Sendable, Equatable {
        public var arm: Int
        /// The probability the logging policy chose `arm` with (1 when it could not explore).
        public var probability: Double
        /// The arm with the best learned estimate, no exploration bonus.
        public var greedy: Int
        /// Every arm's probability under the logging policy (one-hot when it could not explore).
        public var probabilities: [Double]
    }

    public let policy: SoftmaxUCBPolicy
    public private(set) var arms: [LinearArmStatistics]
    public private(set) var budget: ExplorationBudget
    /// Episodes remembered for their arm; the oldest are forgotten first.
    public let episodeCapacity: Int
    private var episodes: [String: (arm: Int, probability: Double)] = [:]
    private var episodeOrder: [String] = []
    private var episodeStart = 0

    public init(arms: [LinearArmStatistics], policy: SoftmaxUCBPolicy, budget: ExplorationBudget, episodeCapacity: Int = 100_000) {
        precondition(!arms.isEmpty, "at least one arm")
        self.arms = arms
        self.policy = policy
        self.budget = budget
        self.episodeCapacity = episodeCapacity
    }

    /// Chooses an arm: an episode's earlier arm if it has one; otherwise the policy
    ///
    ///     P(a) = (1 − q)·[a = greedy] + q·softmax(a),   q = the budget's exploration share
    ///
    /// (q = 0 while a cap is spent). One uniform `u` decides both whether to explore (u < q)
    /// and, rescaled (u / q), which arm the softmax draws, so every arm keeps a known
    /// probability of at least q·softmax(a) while the budget lasts: what off-policy evaluation
    /// needs. The expected explored share is at most q.
    /// - Parameters: prior: the router's reward estimate per arm; cost: each arm's expected USD;
    ///   now: seconds on the caller's clock, for the budget's period.
    public mutating func choose(context x: [Double], prior: [Double], cost: [Double], episode: String? = nil, uniform u: Double, now: Double) -> Choice {
        // A non-finite input (a NaN score, an infinite price) would make every probability NaN:
        // play the best finite prior, deterministically, and learn nothing new from it.
        guard x.allSatisfy(\.isFinite), prior.allSatisfy(\.isFinite), cost.allSatisfy(\.isFinite) else {
            var best = 0
            for a in prior.indices where prior[a].isFinite && !(prior[best] >= prior[a]) { best = a }
            return Choice(arm: best, probability: 1, greedy: best, probabilities: prior.indices.map { $0 == best ? 1 : 0 })
        }
        let (softmax, greedy) = policy.probabilities(context: x, prior: prior, arms: arms)
        let q = budget.allowsExploration(now: now) ? budget.maxShare : 0
        let probabilities = softmax.indices.map { a in (1 - q) * (a == greedy ? 1 : 0) + q * softmax[a] }
        if let episode, let kept = episodes[episode] {
            return Choice(arm: kept.arm, probability: kept.probability, greedy: greedy, probabilities: probabilities)
        }
        let arm = u < q ? SoftmaxUCBPolicy.sample(softmax, uniform: u / q) : greedy
        let choice = Choice(arm: arm, probability: probabilities[arm], greedy: greedy, probabilities: probabilities)
        budget.record(explored: arm != greedy, extraCost: cost[arm] - cost[greedy], now: now)
        if let episode { remember(episode, choice) }
        return choice
    }

    /// Each arm's learned reward estimate, prior included (no exploration bonus).
    public func means(context x: [Double], prior: [Double]) -> [Double] {
        prior.indices.map { prior[$0] + arms[$0].mean(x) }
    }

    /// Learns one reward for `arm`: its residual over the prior it was chosen with.
    @discardableResult
    public mutating func learn(arm: Int, context x: [Double], prior: Double, reward: Double) -> Bool {
        guard arms.indices.contains(arm), x.count == arms[arm].dimension, reward.isFinite, prior.isFinite else { return false }
        arms[arm].update(x, reward: reward - prior)
        return true
    }

    /// Replaces an arm's statistics with `statistics` of the same shape (merged totals read
    /// back from a store several replicas add to); false when the shape differs.
    @discardableResult
    public mutating func replaceArm(_ arm: Int, with statistics: LinearArmStatistics) -> Bool {
        guard arms.indices.contains(arm), statistics.dimension == arms[arm].dimension, statistics.ridge == arms[arm].ridge else { return false }
        arms[arm] = statistics
        return true
    }

    /// Corrects a reward already learned for `arm` (its feedback was revised by `delta`).
    @discardableResult
    public mutating func revise(arm: Int, context x: [Double], rewardChange delta: Double) -> Bool {
        guard arms.indices.contains(arm), x.count == arms[arm].dimension, delta.isFinite else { return false }
        arms[arm].revise(x, rewardChange: delta)
        return true
    }

    private mutating func remember(_ episode: String, _ choice: Choice) {
        episodes[episode] = (choice.arm, choice.probability)
        episodeOrder.append(episode)
        if episodeOrder.count - episodeStart > episodeCapacity {
            episodes[episodeOrder[episodeStart]] = nil
            episodeStart += 1
            // Compact the queue once its consumed head outgrows the live part.
            if episodeStart > episodeCapacity {
                episodeOrder.removeFirst(episodeStart)
                episodeStart = 0
            }
        }
    }
}

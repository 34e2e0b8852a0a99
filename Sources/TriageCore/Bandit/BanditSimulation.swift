/// Streams prompts through a contextual bandit as live traffic would, revealing only the chosen
/// arm's outcome, and measures it against the best fixed policy in hindsight: the proof that
/// online learning recovers from a mis-calibrated router within its exploration budget.
///
/// Two arms (weak 0, strong 1). The bandit's prior is the router's predicted quality − λ·cost,
/// with `miscalibration` added to the strong arm's (so at first it sends nearly everything to
/// the strong model). The best fixed policy is the best threshold on the unbiased router's
/// strong_win, chosen knowing every outcome. A second, fixed policy (`evaluatedThreshold`) is
/// estimated off-policy from the bandit's log (IPS, SNIPS, DR) and compared with its true value.
public enum BanditSimulation {
    public struct Options: Sendable, Equatable {
        public var lambda: Double
        public var miscalibration = 0.5
        public var temperature = 0.05
        public var bonus = 0.5
        public var explorationShare = 0.1
        /// The exploration budget in cost units for the whole run (one period).
        public var explorationBudget: Double
        /// Passes over the prompts, each in a new seeded order.
        public var passes = 1
        public var seed: UInt64 = 1
        /// Points on the regret curve.
        public var checkpoints = 50
        /// The threshold of the fixed policy estimated off-policy; nil takes strong_win's 30th percentile
        /// (a policy sending 70 % of prompts to the strong model).
        public var evaluatedThreshold: Double?

        public init(lambda: Double, explorationBudget: Double) {
            self.lambda = lambda
            self.explorationBudget = explorationBudget
        }
    }

    public struct CurvePoint: Sendable, Equatable {
        public var step: Int
        /// The bandit's mean reward over the steps since the previous point.
        public var windowReward: Double
        /// Its mean reward since the start.
        public var cumulativeReward: Double
        /// Σ (best fixed policy's reward − the bandit's) so far.
        public var cumulativeRegret: Double
        /// Share of decisions sent to the strong arm since the previous point.
        public var strongShare: Double
    }

    public struct Result: Sendable {
        public var steps: Int
        public var curve: [CurvePoint]
        public var bestThreshold: Double
        public var bestFixedReward: Double
        public var alwaysWeakReward: Double
        public var alwaysStrongReward: Double
        /// The bandit's mean reward over the last fifth of the run.
        public var finalReward: Double
        /// Its greedy policy at the end, applied to every prompt in hindsight.
        public var learnedGreedyReward: Double
        public var explorationSpent: Double
        public var explorationBudget: Double
        public var exploredShare: Double
        public var evaluatedThreshold: Double
        public var evaluatedTrueValue: Double
        public var ips: PolicyEstimate
        public var snips: PolicyEstimate
        public var doublyRobust: PolicyEstimate
    }

    public static func run(_ input: BanditSimulationInput, options: Options) -> Result {
        let n = input.count
        let lambda = options.lambda
        let d = BanditContext.dimension(candidates: 2)
        let contexts = input.indices.map { BanditContext.vector(predicted: input.predicted[$0], features: input.features[$0]) }
        func prior(_ i: Int) -> [Double] {
            [input.predicted[i][0] - lambda * input.cost[0], input.predicted[i][1] - lambda * input.cost[1] + options.miscalibration]
        }
        // The best fixed threshold in hindsight, over the strong_win quantiles.
        let sorted = input.strongWin.sorted()
        var candidates = (0...100).map { sorted[min(n - 1, $0 * (n - 1) / 100)] }
        candidates.append(sorted[n - 1].nextUp)
        var best = (threshold: candidates[0], reward: -Double.infinity)
        for t in candidates {
            let r = input.meanReward(arms: input.thresholdArms(t), lambda: lambda)
            if r > best.reward { best = (t, r) }
        }
        let evaluated = options.evaluatedThreshold ?? sorted[3 * n / 10]
        let evaluatedArms = input.thresholdArms(evaluated)

        var bandit = ContextualBandit(
            arms: [LinearArmStatistics(dimension: d), LinearArmStatistics(dimension: d)],
            policy: SoftmaxUCBPolicy(temperature: options.temperature, bonus: options.bonus),
            budget: ExplorationBudget(maxShare: options.explorationShare, maxSpendPerPeriod: options.explorationBudget, period: .infinity))
        var generator = SplitMix64(seed: options.seed)
        var log: [LoggedDecision] = []
        var evaluatedTruth = 0.0
        var curve: [CurvePoint] = []
        let total = n * options.passes
        let every = max(1, total / max(options.checkpoints, 1))
        var (sum, windowSum, windowStrong, windowCount, regret, step) = (0.0, 0.0, 0, 0, 0.0, 0)
        var rewards: [Double] = []
        rewards.reserveCapacity(total)
        for _ in 0..<options.passes {
            var order = Array(0..<n)
            order.shuffle(using: &generator)
            for i in order {
                let p = prior(i)
                let u = Double.random(in: 0..<1, using: &generator)
                let choice = bandit.choose(context: contexts[i], prior: p, cost: input.cost, uniform: u, now: Double(step))
                let reward = input.quality[i][choice.arm] - lambda * input.cost[choice.arm]
                bandit.learn(arm: choice.arm, context: contexts[i], prior: p[choice.arm], reward: reward)
                let target = evaluatedArms[i] == 0 ? [1.0, 0] : [0, 1.0]
                let model = [input.predicted[i][0] - lambda * input.cost[0], input.predicted[i][1] - lambda * input.cost[1]]
                log.append(LoggedDecision(arm: choice.arm, propensity: choice.probability, reward: reward, target: target, predicted: model))
                evaluatedTruth += input.quality[i][evaluatedArms[i]] - lambda * input.cost[evaluatedArms[i]]
                let bestArm = input.strongWin[i] >= best.threshold ? 1 : 0
                regret += input.quality[i][bestArm] - lambda * input.cost[bestArm] - reward
                sum += reward
                windowSum += reward
                windowCount += 1
                if choice.arm == 1 { windowStrong += 1 }
                rewards.append(reward)
                step += 1
                if step % every == 0 || step == total {
                    curve.append(CurvePoint(step: step, windowReward: windowSum / Double(windowCount), cumulativeReward: sum / Double(step),
                                            cumulativeRegret: regret, strongShare: Double(windowStrong) / Double(windowCount)))
                    (windowSum, windowCount, windowStrong) = (0, 0, 0)
                }
            }
        }
        let tail = rewards.suffix(max(1, total / 5))
        let greedy = input.indices.map { i in bandit.means(context: contexts[i], prior: prior(i)).enumerated().max { $0.element < $1.element }!.offset }
        return Result(
            steps: total, curve: curve, bestThreshold: best.threshold, bestFixedReward: best.reward,
            alwaysWeakReward: input.meanReward(arms: Array(repeating: 0, count: n), lambda: lambda),
            alwaysStrongReward: input.meanReward(arms: Array(repeating: 1, count: n), lambda: lambda),
            finalReward: tail.reduce(0, +) / Double(tail.count), learnedGreedyReward: input.meanReward(arms: greedy, lambda: lambda),
            explorationSpent: bandit.budget.spentTotal, explorationBudget: options.explorationBudget,
            exploredShare: bandit.budget.exploredShare, evaluatedThreshold: evaluated, evaluatedTrueValue: evaluatedTruth / Double(total),
            ips: OffPolicyEstimator.ips(log), snips: OffPolicyEstimator.selfNormalisedIPS(log), doublyRobust: OffPolicyEstimator.doublyRobust(log))
    }
}

extension BanditSimulationInput {
    var indices: Range<Int> { 0..<count }
}

import Foundation
import Testing
@testable import TriageCore

/// The contextual bandit's pieces: ridge statistics against a direct solve, additivity,
/// the softmax logging policy's propensities, the exploration cap, and the off-policy
/// estimators on a synthetic log whose true values are known.
@Suite struct BanditTests {
    static func randomContext(_ d: Int, _ g: inout SplitMix64) -> [Double] {
        [1] + (1..<d).map { _ in Double.random(in: -1..<1, using: &g) }
    }

    @Test func shermanMorrisonMatchesTheDirectRidgeSolution() throws {
        var g = SplitMix64(seed: 5)
        let d = 6
        var arm = LinearArmStatistics(dimension: d, ridge: 0.5)
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        for i in 0..<d { a[i * d + i] = 0.5 }
        for _ in 0..<200 {
            let x = Self.randomContext(d, &g)
            let r = 0.3 * x[1] - 0.7 * x[2] + Double.random(in: -0.1..<0.1, using: &g)
            arm.update(x, reward: r)
            for i in 0..<d {
                b[i] += r * x[i]
                for j in 0..<d { a[i * d + j] += x[i] * x[j] }
            }
        }
        let inverse = try #require(LinearArmStatistics.choleskyInverse(a, d))
        for k in 0..<(d * d) { #expect(abs(arm.inverse[k] - inverse[k]) < 1e-9) }
        let theta = (0..<d).map { i in (0..<d).reduce(0) { $0 + inverse[i * d + $1] * b[$1] } }
        for i in 0..<d { #expect(abs(arm.theta[i] - theta[i]) < 1e-9) }
        #expect(abs(arm.theta[1] - 0.3) < 0.05 && abs(arm.theta[2] + 0.7) < 0.05, "it learns the weights")
        #expect(arm.count == 200)
    }

    @Test func statisticsAreAdditive() throws {
        var g = SplitMix64(seed: 9)
        var whole = LinearArmStatistics(dimension: 4), first = LinearArmStatistics(dimension: 4), second = LinearArmStatistics(dimension: 4)
        for i in 0..<100 {
            let x = Self.randomContext(4, &g), r = Double.random(in: 0..<1, using: &g)
            whole.update(x, reward: r)
            if i < 37 { first.update(x, reward: r) } else { second.update(x, reward: r) }
        }
        let merged = try #require(first.merged(with: second))
        #expect(merged.count == whole.count)
        for k in whole.xx.indices { #expect(abs(merged.xx[k] - whole.xx[k]) < 1e-9) }
        for k in whole.theta.indices { #expect(abs(merged.theta[k] - whole.theta[k]) < 1e-9) }
        #expect(first.merged(with: LinearArmStatistics(dimension: 3)) == nil)
    }

    @Test func storedSumsRoundTripAndCorruptOnesAreRefused() {
        var arm = LinearArmStatistics(dimension: 2)
        arm.update([1, 0.5], reward: 1)
        let back = LinearArmStatistics(dimension: 2, ridge: 1, xx: arm.xx, rx: arm.rx, count: arm.count)
        #expect(back?.theta.enumerated().allSatisfy { abs($0.element - arm.theta[$0.offset]) < 1e-12 } == true)
        #expect(LinearArmStatistics(dimension: 2, ridge: 1, xx: [1, 2, 3], rx: [0, 0], count: 1) == nil)
        #expect(LinearArmStatistics(dimension: 2, ridge: 1, xx: [.nan, 0, 0, 0], rx: [0, 0], count: 1) == nil)
        #expect(LinearArmStatistics(dimension: 2, ridge: 1, xx: [-5, 0, 0, 0], rx: [0, 0], count: 1) == nil, "not positive definite")
    }

    @Test func theSoftmaxGivesEveryArmAKnownProbability() {
        let policy = SoftmaxUCBPolicy(temperature: 0.1, bonus: 0)
        let arms = [LinearArmStatistics(dimension: 2), LinearArmStatistics(dimension: 2), LinearArmStatistics(dimension: 2)]
        let (p, greedy) = policy.probabilities(context: [1, 0], prior: [0.2, 0.5, 0.4], arms: arms)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(greedy == 1)
        let expected = [0.2, 0.5, 0.4].map { exp($0 / 0.1) }
        for a in 0..<3 { #expect(abs(p[a] - expected[a] / expected.reduce(0, +)) < 1e-12) }
        // Sampling by inverse CDF reproduces the probabilities.
        var g = SplitMix64(seed: 1)
        var counts = [0, 0, 0]
        for _ in 0..<20_000 { counts[SoftmaxUCBPolicy.sample(p, uniform: Double.random(in: 0..<1, using: &g))] += 1 }
        for a in 0..<3 { #expect(abs(Double(counts[a]) / 20_000 - p[a]) < 0.015) }
        // A colder softmax is greedier.
        let cold = SoftmaxUCBPolicy(temperature: 0.01, bonus: 0).probabilities(context: [1, 0], prior: [0.2, 0.5, 0.4], arms: arms).probabilities
        #expect(cold[1] > 0.99)
    }

    @Test func theBanditLearnsWhichArmEachContextNeeds() {
        // Arm 1 pays 0.8 when x1 > 0 and 0.2 otherwise; arm 0 always 0.5. The prior knows nothing.
        var g = SplitMix64(seed: 21)
        let policy = SoftmaxUCBPolicy(temperature: 0.05, bonus: 0.3)
        var arms = [LinearArmStatistics(dimension: 2), LinearArmStatistics(dimension: 2)]
        func reward(_ arm: Int, _ x: [Double]) -> Double { arm == 0 ? 0.5 : (x[1] > 0 ? 0.8 : 0.2) }
        for _ in 0..<3_000 {
            let x = [1, Double.random(in: -1..<1, using: &g)]
            let (p, _) = policy.probabilities(context: x, prior: [0, 0], arms: arms)
            let arm = SoftmaxUCBPolicy.sample(p, uniform: Double.random(in: 0..<1, using: &g))
            arms[arm].update(x, reward: reward(arm, x) + Double.random(in: -0.05..<0.05, using: &g))
        }
        var right = 0
        for i in 0..<200 {
            let x = [1, Double(i) / 100 - 1 + 0.005]
            let greedy = policy.probabilities(context: x, prior: [0, 0], arms: arms).greedy
            let best = reward(1, x) > reward(0, x) ? 1 : 0
            if greedy == best || abs(x[1]) < 0.2 { right += 1 }
        }
        #expect(right >= 190, "greedy arm right on \(right) of 200 contexts (near the boundary either is fine)")
    }

    @Test func explorationStaysUnderItsShareAndDollarCaps() {
        var budget = ExplorationBudget(maxShare: 0.1, maxSpendPerPeriod: 0.05, period: 3_600, window: 500)
        var explored = 0
        for i in 0..<5_000 {
            let now = Double(i)  // one request a second
            let may = budget.allowsExploration(now: now)
            let explore = may && i % 3 == 0  // a policy that would explore far more often
            if explore { explored += 1 }
            budget.record(explored: explore, extraCost: 0.0001, now: now)
            #expect(budget.exploredShare <= 0.1 + 1e-9 || i < 10)
            #expect(budget.spentThisPeriod <= 0.05 + 0.0001)
        }
        #expect(explored > 100, "it does explore")
        // The dollar cap binds within a period and frees up in the next.
        var tight = ExplorationBudget(maxShare: 1, maxSpendPerPeriod: 0.01, period: 100)
        for i in 0..<50 where tight.allowsExploration(now: Double(i)) { tight.record(explored: true, extraCost: 0.004, now: Double(i)) }
        let spent = tight.spentThisPeriod
        let stillAllowed = tight.allowsExploration(now: 60)
        #expect(spent <= 0.012 && !stillAllowed)
        let nextPeriod = tight.allowsExploration(now: 150)
        #expect(nextPeriod, "a new period")
    }

    @Test func estimatorsCoverTheTrueValueOfAPolicyOnASyntheticLog() {
        // Logging: softmax-like fixed propensities; rewards Bernoulli with context-dependent means.
        var g = SplitMix64(seed: 77)
        func means(_ x: Double) -> [Double] { [0.3 + 0.2 * x, 0.6 - 0.3 * x, 0.5] }
        let logging = [0.5, 0.3, 0.2]
        func target(_ x: Double) -> [Double] { x > 0 ? [1, 0, 0] : [0, 1, 0] }
        var log: [LoggedDecision] = []
        var truth = 0.0
        let n = 20_000
        for _ in 0..<n {
            let x = Double.random(in: -1..<1, using: &g)
            let arm = SoftmaxUCBPolicy.sample(logging, uniform: Double.random(in: 0..<1, using: &g))
            let r = Double.random(in: 0..<1, using: &g) < means(x)[arm] ? 1.0 : 0.0
            log.append(LoggedDecision(arm: arm, propensity: logging[arm], reward: r, target: target(x), predicted: means(x)))
            truth += zip(target(x), means(x)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        truth /= Double(n)
        let ips = OffPolicyEstimator.ips(log), snips = OffPolicyEstimator.selfNormalisedIPS(log), dr = OffPolicyEstimator.doublyRobust(log)
        #expect(ips.covers(truth) && snips.covers(truth) && dr.covers(truth), "truth \(truth): \(ips) \(snips) \(dr)")
        #expect(dr.standardError < ips.standardError, "a good reward model shrinks the interval")
        // The logging policy's own value, estimated on-policy, is the plain mean.
        let onPolicy = log.map { LoggedDecision(arm: $0.arm, propensity: $0.propensity, reward: $0.reward, target: logging) }
        #expect(abs(OffPolicyEstimator.ips(onPolicy).value - log.map(\.reward).reduce(0, +) / Double(n)) < 1e-9)
    }
}

extension BanditTests {
    @Test func aNonFiniteInputPlaysTheBestFinitePriorWithProbabilityOne() {
        var bandit = ContextualBandit(arms: [LinearArmStatistics(dimension: 2), LinearArmStatistics(dimension: 2)],
                                      policy: SoftmaxUCBPolicy(), budget: ExplorationBudget(maxShare: 1, maxSpendPerPeriod: 1))
        let choice = bandit.choose(context: [1, .nan], prior: [0.2, 0.7], cost: [0, 1], uniform: 0.99, now: 0)
        #expect(choice.arm == 1 && choice.probability == 1)
        let nanPrior = bandit.choose(context: [1, 0], prior: [.nan, 0.3], cost: [0, 1], uniform: 0.5, now: 1)
        #expect(nanPrior.arm == 1 && nanPrior.probabilities.allSatisfy(\.isFinite))
        let learned = bandit.learn(arm: 0, context: [1, 0], prior: .nan, reward: 1)
        #expect(!learned, "a NaN prior teaches nothing")
    }
}

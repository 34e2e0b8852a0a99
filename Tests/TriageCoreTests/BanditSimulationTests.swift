import Testing
@testable import TriageCore

/// The simulation on a small synthetic stream (seeded): from a router mis-calibrated toward
/// the strong model, the bandit reaches 95 % of the best fixed policy's reward, keeps its
/// exploration spend under the cap, and its log estimates a second policy's true value.
@Suite struct BanditSimulationTests {
    static func input(n: Int, seed: UInt64) -> BanditSimulationInput {
        var g = SplitMix64(seed: seed)
        var features: [PromptFeatures] = [], predicted: [[Double]] = [], strongWin: [Double] = [], quality: [[Double]] = []
        for _ in 0..<n {
            let z = Double.random(in: 0..<1, using: &g)  // difficulty
            let weak = 0.9 - 0.6 * z, strong = 0.95 - 0.2 * z
            var dense = [Float](repeating: 0, count: DenseSignal.count)
            dense[0] = Float(z)
            features.append(PromptFeatures(ids: (0..<8).map { _ in Int32.random(in: 0..<1_000, using: &g) }, dense: dense))
            // The router's estimates are right on average, noisy per prompt.
            let noise = Double.random(in: -0.05..<0.05, using: &g)
            predicted.append([weak + noise, strong - noise])
            strongWin.append(0.5 * (1 + strong - weak - 2 * noise))
            quality.append([Double.random(in: 0..<1, using: &g) < weak ? 1 : 0, Double.random(in: 0..<1, using: &g) < strong ? 1 : 0])
        }
        return BanditSimulationInput(features: features, predicted: predicted, strongWin: strongWin, quality: quality, cost: [0.01, 1])
    }

    @Test func recoversFromAMiscalibratedRouterWithinItsBudget() {
        var options = BanditSimulation.Options(lambda: 0.2, explorationBudget: 60)
        options.passes = 2
        let input = Self.input(n: 3_000, seed: 3)
        let result = BanditSimulation.run(input, options: options)
        let misrouted = input.predicted.count { $0[1] - 0.2 * 1 + options.miscalibration > $0[0] - 0.2 * 0.01 }
        #expect(Double(misrouted) / 3_000 > 0.95, "the biased prior alone sends nearly everything to the strong model")
        #expect(result.bestFixedReward > result.alwaysWeakReward && result.bestFixedReward > result.alwaysStrongReward,
                "λ makes a real trade-off: neither always-weak nor always-strong is best")
        #expect(result.curve.last!.strongShare < 0.8, "and the bandit unlearns that")
        #expect(result.finalReward >= 0.95 * result.bestFixedReward, "final \(result.finalReward) vs best fixed \(result.bestFixedReward)")
        #expect(result.explorationSpent <= result.explorationBudget)
        #expect(result.ips.covers(result.evaluatedTrueValue) && result.doublyRobust.covers(result.evaluatedTrueValue),
                "true \(result.evaluatedTrueValue): IPS \(result.ips), DR \(result.doublyRobust)")
        #expect(result.curve.count >= 50)
    }

    @Test func isDeterministicBySeed() {
        let input = Self.input(n: 500, seed: 8)
        let options = BanditSimulation.Options(lambda: 0.2, explorationBudget: 10)
        let a = BanditSimulation.run(input, options: options), b = BanditSimulation.run(input, options: options)
        #expect(a.curve == b.curve && a.finalReward == b.finalReward)
    }
}

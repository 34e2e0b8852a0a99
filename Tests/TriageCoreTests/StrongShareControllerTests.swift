import Testing
import TriageCore

/// The online share controller: whatever the traffic's score distribution, the realised share
/// of strong calls over every full window after warm-up stays within ±2 percentage points.
@Suite struct StrongShareControllerTests {
    /// Scores skewed high: a threshold of 0.5 would send about 90 % of requests to the strong model.
    static func skewed(_ g: inout SplitMix64) -> Double {
        let u = Double.random(in: 0..<1, using: &g), v = Double.random(in: 0..<1, using: &g)
        return 1 - u * v * 0.9
    }

    /// Realised shares over consecutive, non-overlapping windows of `size` decisions.
    static func windowShares(_ decisions: [Bool], size: Int) -> [Double] {
        stride(from: 0, to: decisions.count - size + 1, by: size).map { start in
            Double(decisions[start..<(start + size)].count { $0 }) / Double(size)
        }
    }

    @Test(arguments: [0.1, 0.3, 0.5])
    func holdsTheTargetOnSkewedTraffic(target: Double) {
        var g = SplitMix64(seed: 7)
        var c = StrongShareController(target: target, initialThreshold: 0.5, window: 2_000)
        let decisions = (0..<30_000).map { _ in c.decide(score: Self.skewed(&g)) }
        let naive = Double(decisions.prefix(c.warmUp).count { $0 }) / Double(c.warmUp)
        #expect(abs(naive - target) > 0.1, "the initial threshold is off target, so the controller has work to do")
        // Every 2,000-request window after warm-up must be on target.
        for (k, share) in Self.windowShares(Array(decisions.dropFirst(c.warmUp)), size: 2_000).enumerated() {
            #expect(abs(share - target) <= 0.02, "window \(k): share \(share) vs target \(target)")
        }
        // Sliding windows too, not only aligned ones.
        let tail = Array(decisions.dropFirst(c.warmUp))
        for start in stride(from: 0, to: tail.count - 2_000, by: 250) {
            let share = Double(tail[start..<(start + 2_000)].count { $0 }) / 2_000
            #expect(abs(share - target) <= 0.02, "sliding window at \(start): \(share)")
        }
    }

    @Test func followsDriftingTraffic() {
        // The score distribution shifts steadily from low to high over the run.
        var g = SplitMix64(seed: 11)
        var c = StrongShareController(target: 0.3, initialThreshold: 0.5, window: 2_000)
        let n = 40_000
        let decisions = (0..<n).map { i in
            let drift = Double(i) / Double(n) * 0.6
            return c.decide(score: min(1, max(0, Double.random(in: 0..<0.4, using: &g) + drift)))
        }
        for (k, share) in Self.windowShares(Array(decisions.dropFirst(c.warmUp)), size: 2_000).enumerated() {
            #expect(abs(share - 0.3) <= 0.02, "window \(k): share \(share)")
        }
    }

    @Test func keepsTheInitialThresholdDuringWarmUp() {
        var c = StrongShareController(target: 0.3, initialThreshold: 0.42, window: 400)
        for i in 0..<(c.warmUp - 1) {
            #expect(c.threshold == 0.42)
            _ = c.decide(score: Double(i % 10) / 10)
        }
        #expect(c.threshold == 0.42)
        _ = c.decide(score: 0.5)
        #expect(c.threshold != 0.42, "the threshold moves once warm-up ends")
        #expect(c.observed == c.warmUp)
    }

    @Test func thresholdMovesTheRightWay() {
        // Every score is high: to send only 20 % strong, the threshold must rise above most of them.
        var g = SplitMix64(seed: 3)
        var c = StrongShareController(target: 0.2, initialThreshold: 0.5, window: 1_000)
        for _ in 0..<3_000 { _ = c.decide(score: Double.random(in: 0.6..<1, using: &g)) }
        #expect(c.threshold > 0.85 && c.threshold < 0.95)
        #expect(abs((c.realisedShare ?? 0) - 0.2) <= 0.02)
    }
}

@Suite struct CostAwareChoiceTests {
    @Test func tradesQualityAgainstCost() {
        let quality = [0.6, 0.8, 0.9], cost = [0.0001, 0.001, 0.01]
        #expect(CostAwareChoice.best(quality: quality, cost: cost, lambda: 0) == 2)
        // λ = 50: 0.6 − 0.005 = 0.595, 0.8 − 0.05 = 0.75, 0.9 − 0.5 = 0.4.
        #expect(CostAwareChoice.best(quality: quality, cost: cost, lambda: 50) == 1)
        #expect(CostAwareChoice.best(quality: quality, cost: cost, lambda: 1_000) == 0)
    }

    @Test func tiesGoToTheCheaperThenTheFirst() {
        #expect(CostAwareChoice.best(quality: [0.5, 0.5], cost: [0.2, 0.1], lambda: 0) == 1)
        #expect(CostAwareChoice.best(quality: [0.5, 0.5], cost: [0.1, 0.1], lambda: 1) == 0)
    }
}

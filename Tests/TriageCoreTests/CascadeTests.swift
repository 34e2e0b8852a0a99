import Foundation
import Testing
@testable import TriageCore

@Suite struct CascadeTests {
    /// Three models A (cost 1), B (10), C (100) on four prompts; scores are the verifier's.
    ///   row 0: A right, score 0.9            → accepted at A          cost 1,   quality 1
    ///   row 1: A wrong 0.2, B right 0.8      → escalate, accept B     cost 11,  quality 1
    ///   row 2: A wrong 0.1, B wrong 0.3      → escalate twice, C      cost 111, quality 1
    ///   row 3: A wrong but confident 0.7     → accepted at A          cost 1,   quality 0
    static func fixture() throws -> CascadeReplay {
        let outcomes = try ModelOutcomes(
            models: ["A", "B", "C"],
            quality: [[1, 1, 1], [0, 1, 1], [0, 0, 1], [0, 1, 1]],
            cost: Array(repeating: [1, 10, 100], count: 4))
        let scores: [[Double]] = [[0.9, 0.9, 0.9], [0.2, 0.8, 0.9], [0.1, 0.3, 0.9], [0.7, 0.9, 0.9]]
        return try CascadeReplay(outcomes: outcomes, scores: scores)
    }

    static let plan = try! CascadePlan(tiers: [0, 1, 2], thresholds: [0.5, 0.6])

    @Test func replayMatchesHandComputedCostAndQuality() throws {
        let run = try Self.fixture().run(Self.plan)
        #expect(run.cost == [1, 11, 111, 1])
        #expect(run.quality == [1, 1, 1, 0])
        #expect(run.tiersTried == [1, 2, 3, 1])
        #expect(run.acceptedTier == [0, 1, 2, 0])
        #expect(run.point == CostQualityPoint(cost: 31, quality: 0.75))
    }

    @Test func theLastTierIsAcceptedWhateverItsScore() throws {
        // Thresholds of 1 escalate every answer below a perfect score; C answers everything.
        let run = try Self.fixture().run(CascadePlan(tiers: [0, 2], thresholds: [1]))
        #expect(run.cost == [101, 101, 101, 101])
        #expect(run.quality == [1, 1, 1, 1])
        #expect(run.tiersTried == [2, 2, 2, 2])
    }

    @Test func aRouterStartTierSkipsTheCheaperTiers() throws {
        let replay = try Self.fixture()
        let run = try replay.run(Self.plan, startTiers: [0, 1, 2, 1])
        // Row 1 starts at B (accepted), row 2 at C, row 3 at B (0.9 ≥ 0.6, accepted).
        #expect(run.cost == [1, 10, 100, 10])
        #expect(run.quality == [1, 1, 1, 1])
        #expect(run.tiersTried == [1, 1, 1, 1])
        // The router's choice: argmax predicted − λ·cost, ties to the cheaper then earlier tier.
        let predicted: [[Double]] = [[0.9, 0.9, 0.9], [0.2, 0.9, 0.95], [0.1, 0.2, 0.95], [0.5, 0.5, 0.5]]
        #expect(try replay.startTiers(predicted: predicted, tiers: [0, 1, 2], lambda: 0.001) == [0, 1, 2, 0])
        #expect(try replay.startTiers(predicted: predicted, tiers: [0, 1, 2], lambda: 0) == [0, 2, 2, 0])
        #expect(try replay.startTiers(predicted: predicted, tiers: [1, 2], lambda: 1) == [0, 0, 0, 0])
    }

    @Test func badPlansSayWhatIsWrong() {
        #expect(throws: CascadeError.thresholdCount(tiers: 3, thresholds: 1)) { try CascadePlan(tiers: [0, 1, 2], thresholds: [0.5]) }
        #expect(throws: CascadeError.thresholdOutOfRange(index: 1, value: 1.5)) { try CascadePlan(tiers: [0, 1, 2], thresholds: [0.5, 1.5]) }
        #expect(throws: CascadeError.thresholdOutOfRange(index: 0, value: -0.1)) { try CascadePlan(tiers: [0, 1], thresholds: [-0.1]) }
        #expect(throws: CascadeError.noTiers) { try CascadePlan(tiers: [], thresholds: []) }
        #expect(throws: CascadeError.duplicateTier("A")) { try CascadePlan(tierNames: ["A", "A"], thresholds: [0.5], models: ["A", "B"]) }
        do {
            _ = try CascadePlan(tierNames: ["A", "gpt-9"], thresholds: [0.5], models: ["A", "B", "C"])
            Issue.record("an unknown tier must throw")
        } catch {
            #expect(error == .unknownTier("gpt-9", known: ["A", "B", "C"]))
            #expect("\(error)".contains("unknown tier 'gpt-9'") && "\(error)".contains("A, B, C"))
        }
        #expect("\(CascadeError.thresholdCount(tiers: 3, thresholds: 1))".contains("takes 2 threshold(s)"))
        #expect(throws: CascadeError.tierOutOfRange(index: 5, models: 3)) { try Self.fixture().run(CascadePlan(tiers: [0, 5], thresholds: [0.5])) }
    }

    /// n prompts over three models of rising cost and accuracy; the verifier's score is noisy
    /// but informative, from a seeded generator.
    static func synthetic(n: Int = 300, seed: UInt64 = 11) throws -> CascadeReplay {
        var g = SplitMix64(seed: seed)
        func u() -> Double { Double(g.next() >> 11) / Double(1 << 53) }
        let accuracy = [0.55, 0.75, 0.92], price = [0.0001, 0.001, 0.01]
        var quality: [[Double]] = [], cost: [[Double]] = [], scores: [[Double]] = []
        for _ in 0..<n {
            var q: [Double] = [], c: [Double] = [], s: [Double] = []
            for m in 0..<3 {
                let right = u() < accuracy[m]
                q.append(right ? 1 : 0)
                c.append(price[m] * (0.5 + u()))
                s.append((right ? 0.6 : 0.4) + 0.6 * (u() - 0.5))
            }
            quality.append(q); cost.append(c); scores.append(s)
        }
        return try CascadeReplay(outcomes: ModelOutcomes(models: ["small", "medium", "large"], quality: quality, cost: cost), scores: scores)
    }

    @Test func calibrationMeetsACostTargetWithTheBestQualityOnItsGrid() throws {
        let replay = try Self.synthetic()
        let target = 0.003
        let c = try CascadeCalibration(replay: replay, tiers: [0, 1, 2], target: .maxCost(target))
        #expect(c.met)
        #expect(c.point.cost <= target)
        let replayed = try replay.run(c.plan).point
        #expect(abs(replayed.cost - c.point.cost) < 1e-12 && abs(replayed.quality - c.point.quality) < 1e-12)
        // Nothing on the same grid within the budget does better.
        let sweep = try CascadeSweep.thresholds(replay, tiers: [0, 1, 2])
        let feasible = sweep.candidates.filter { $0.point.cost <= target }
        #expect(feasible.allSatisfy { $0.point.quality <= c.point.quality })
        // Spending more buys quality: the budget binds.
        let richer = try CascadeCalibration(replay: replay, tiers: [0, 1, 2], target: .maxCost(0.008))
        #expect(richer.point.quality > c.point.quality)
        // Deterministic.
        #expect(try CascadeCalibration(replay: replay, tiers: [0, 1, 2], target: .maxCost(target)) == c)
    }

    @Test func calibrationMeetsAQualityTargetAtTheLeastCost() throws {
        let replay = try Self.synthetic()
        let c = try CascadeCalibration(replay: replay, tiers: [0, 2], target: .minQuality(0.85))
        #expect(c.met && c.point.quality >= 0.85)
        let sweep = try CascadeSweep.thresholds(replay, tiers: [0, 2])
        #expect(sweep.candidates.filter { $0.point.quality >= 0.85 }.allSatisfy { $0.point.cost >= c.point.cost })
        // Unreachable: the nearest miss, flagged.
        let high = try CascadeCalibration(replay: replay, tiers: [0, 1], target: .minQuality(0.99))
        #expect(!high.met)
        #expect(throws: CascadeError.self) { try CascadeCalibration(replay: replay, tiers: [0, 1], target: .minQuality(1.5)) }
    }

    @Test func longChainsUseCoordinateDescentDeterministically() throws {
        // Four tiers on a grid too large to enumerate: descent under a range of cost prices.
        var g = SplitMix64(seed: 5)
        let base = try Self.synthetic()
        let quality = base.outcomes.quality.map { $0 + [1] }
        let cost = base.outcomes.cost.map { $0 + [0.05] }
        let scores = base.scores.map { $0 + [Double(g.next() % 100) / 100] }
        let replay = try CascadeReplay(
            outcomes: ModelOutcomes(models: ["small", "medium", "large", "oracle"], quality: quality, cost: cost), scores: scores)
        let grid = CascadeGrid(levels: 21, maxConfigurations: 500)
        let a = try CascadeCalibration(replay: replay, tiers: [0, 1, 2, 3], target: .maxCost(0.01), grid: grid)
        let b = try CascadeCalibration(replay: replay, tiers: [0, 1, 2, 3], target: .maxCost(0.01), grid: grid)
        #expect(a == b)
        #expect(a.met && a.point.cost <= 0.01)
        #expect(a.plan.thresholds.count == 3)
        #expect(a.point.quality > Self.mean(replay.outcomes.quality.map { $0[0] }))
    }

    @Test func sweepsGiveAFrontierWithAnAIQ() throws {
        let replay = try Self.synthetic()
        let sweep = try CascadeSweep.thresholds(replay, tiers: [0, 1, 2])
        let frontier = try sweep.frontier()
        let aiq = try frontier.aiq()
        #expect(aiq > Self.mean(replay.outcomes.quality.map { $0[0] }) && aiq < 1)
        // Routed: every λ contributes its own threshold sweep.
        let predicted = replay.outcomes.quality.map { q in q.map { 0.5 + 0.2 * ($0 - 0.5) } }
        let routed = try CascadeSweep.routed(replay, tiers: [0, 2], predicted: predicted, lambdas: [0, 100], grid: CascadeGrid(levels: 5, maxConfigurations: 5))
        #expect(Set(routed.candidates.map(\.lambda)) == [0, 100])
        let routerOnly = try CascadeSweep.routed(replay, tiers: [0, 1, 2], predicted: predicted, lambdas: [0, 100], escalate: false)
        #expect(routerOnly.candidates.count == 2 && routerOnly.candidates.allSatisfy { $0.thresholds == [0, 0] })
    }

    @Test func theHullChainRunsCheapToBest() throws {
        let outcomes = try ModelOutcomes(
            models: ["dear-bad", "cheap", "mid", "best", "mid-worse"],
            quality: [[0, 0, 1, 1, 0], [0, 1, 1, 1, 1], [1, 0, 1, 1, 0], [0, 0, 0, 1, 0]],
            cost: Array(repeating: [5, 1, 2, 4, 3], count: 4))
        #expect(CascadeTierChain.hullModels(outcomes) == [1, 2, 3])
        #expect(CascadeTierChain.hull(maxTiers: 3).candidates(outcomes) == [[1, 3], [2, 3], [1, 2, 3]])
        #expect(CascadeTierChain.hull(maxTiers: 2).candidates(outcomes) == [[1, 3], [2, 3]])
        #expect(CascadeTierChain.explicit([4, 3]).candidates(outcomes) == [[4, 3]])
    }

    @Test func theGreedyChainGrowsFromTheBestModelWhileTheScoreRises() throws {
        let outcomes = try ModelOutcomes(
            models: ["a", "b", "c", "best"], quality: [[0, 1, 0, 1], [1, 0, 1, 1]], cost: Array(repeating: [1, 2, 3, 4], count: 2))
        let w = [0.1, 0.5, 0.2, 1.0]
        var tried: [[Int]] = []
        let chain = CascadeTierChain.greedy(maxTiers: 4).choose(outcomes) { (tiers: [Int]) -> Double in
            tried.append(tiers)
            return tiers.reduce(0) { $0 + w[$1] } - 0.15 * Double(tiers.count)
        }
        // [best] 0.85 → add b: 1.2 → add c: 1.25 → add a: 1.2, no gain: stop.
        #expect(chain == [1, 2, 3])
        #expect(tried.first == [3] && tried.allSatisfy { $0 == $0.sorted() })
        let explicit = CascadeTierChain.explicit([0, 3]).choose(outcomes) { (_: [Int]) -> Double in 0 }
        #expect(explicit == [0, 3])
    }

    @Test func summariesJudgeEveryEntryOnOneCostRange() throws {
        let summary = try CascadeSummary(
            title: "t", rows: 10,
            models: [("cheap", CostQualityPoint(cost: 1, quality: 0.5)), ("dear", CostQualityPoint(cost: 10, quality: 0.9))],
            policies: [(CascadePolicy.routerCascade.rawValue, [CostQualityPoint(cost: 1, quality: 0.5), CostQualityPoint(cost: 3, quality: 0.9)])])
        #expect(summary.best == "dear")
        let dear = summary.models[1], rc = summary.policies[0]
        #expect(dear.aiq == 0 && dear.aiqOwnRange == 0.9)
        // Area: 0 on [0,1], trapezoid (0.5+0.9)/2·2 on [1,3], 0.9·7 on [3,10]; over 10.
        #expect(abs(rc.aiq - (1.4 + 6.3) / 10) < 1e-12)
        #expect(rc.reachCost == 3 && abs(rc.reachShare! - 0.3) < 1e-12)
        #expect(summary.routerCascadeHasHighestAIQ && summary.routerCascadeReachesBestWithin40Percent)
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
}

import Foundation
import Testing
@testable import TriageCore

/// Golden values below are worked out by hand in the comments next to each fixture.
@Suite struct EvaluationTests {
    // Ten prompts, so each of the ten curve steps sends exactly one more prompt to strong.
    // gain = strong − weak: +1 on prompts 0, 1, 6; −1 on 2, 8; 0 elsewhere.
    // weakQ = 5/10 = 0.5, strongQ = 6/10 = 0.6, gap 0.1: one prompt's gain is 1 PGR.
    static let weak: [Double] = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    static let strong: [Double] = [1, 1, 0, 1, 0, 1, 1, 1, 0, 0]
    static let gain = zip(strong, weak).map { $0 - $1 }

    static func outcomes() throws -> PairOutcomes {
        try PairOutcomes(weak: weak, strong: strong)
    }

    static func pgrs(_ curve: QualityCurve) -> [Double] { curve.points.map(\.pgr) }

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 }
    }

    // MARK: strong/weak curve

    @Test func allWeakAndAllStrongQualities() throws {
        let o = try Self.outcomes()
        #expect(o.weakQuality == 0.5)
        #expect(Self.close(o.strongQuality, 0.6))
        #expect(Self.close(o.pgr(0.55), 0.5))
    }

    @Test func perfectRouterStopsWhereGainsRunOut() throws {
        // Budget k prompts, 3 helpful ones: PGR = min(k, 3).
        // APGR = 0.1·(0+1)/2 + 0.1·(1+2)/2 + 0.1·(2+3)/2 + 7·0.1·3 = 0.45 + 2.1 = 2.55.
        let curve = try Self.outcomes().perfectCurve()
        #expect(Self.close(Self.pgrs(curve), [0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3]))
        #expect(Self.close(curve.points[1].quality, 0.6))
        #expect(Self.close(curve.apgr, 2.55))
        #expect(Self.close(curve.cpt(0.5), 0.05))
        #expect(Self.close(curve.cpt(0.8), 0.08))
        #expect(curve.points.map(\.share) == (0...10).map { Double($0) / 10 })
    }

    @Test func perfectRouterBudgetIsNotRoundedToWholePrompts() throws {
        // n = 4, two helpful prompts, gap 0.5: budget 4·share calls, PGR = min(2·share, 1).
        // APGR = 0.25 (ramp to share 0.5) + 0.5 (flat); CPT50 = 0.25, CPT80 = 0.4.
        let binary = try PairOutcomes(weak: [0, 0, 0, 1], strong: [1, 1, 0, 1]).perfectCurve()
        #expect(Self.close(Self.pgrs(binary), [0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1]))
        #expect(Self.close(binary.apgr, 0.75))
        #expect(Self.close(binary.cpt(0.5), 0.25))
        #expect(Self.close(binary.cpt(0.8), 0.4))

        // Fractional gains 0.5 then 0.25, gap 0.375; at share 0.75 the budget is 1.5 calls:
        // quality (0.5 + 0.5 + 0.5·0.25)/2 = 0.5625, PGR 0.3125/0.375 = 5/6.
        let fractional = try PairOutcomes(weak: [0.5, 0], strong: [1, 0.25]).perfectCurve(intervals: 4)
        #expect(Self.close(Self.pgrs(fractional), [0, 1.0 / 3, 2.0 / 3, 5.0 / 6, 1]))
    }

    @Test func scoreRouterThatKnowsTheGainsAlsoSpendsWhereItHurts() throws {
        // Order by gain desc, index asc: 0 1 6 | 3 4 5 7 9 | 2 8.
        // PGR 0 1 2 3 3 3 3 3 3 2 1; APGR = 0.45 + 5·0.3 + 0.25 + 0.15 = 2.35.
        let curve = try Self.outcomes().curve(scores: Self.gain)
        #expect(Self.close(Self.pgrs(curve), [0, 1, 2, 3, 3, 3, 3, 3, 3, 2, 1]))
        #expect(Self.close(curve.apgr, 2.35))
    }

    @Test func antiRouterScoresBelowRandom() throws {
        // Scores −gain: order 2 8 | 3 4 5 7 9 | 0 1 6. PGR 0 −1 −2 −2 −2 −2 −2 −2 −1 0 1.
        // APGR = 0.1·(−0.5 − 1.5 − 10 − 1.5 − 0.5 + 0.5) = −1.35; CPT50 = 0.9 + 0.5·0.1 = 0.95.
        let curve = try Self.outcomes().curve(scores: Self.gain.map { -$0 })
        #expect(Self.close(Self.pgrs(curve), [0, -1, -2, -2, -2, -2, -2, -2, -1, 0, 1]))
        #expect(Self.close(curve.apgr, -1.35))
        #expect(curve.apgr! < 0.5)
        #expect(Self.close(curve.cpt(0.5), 0.95))
        #expect(Self.close(curve.cpt(0.8), 0.98))
    }

    @Test func tiedScoresGoToStrongInIndexOrder() throws {
        // All tied: prompts 0, 1, …, 9 in order. Cumulative gain 1 2 1 1 1 1 2 2 1 1.
        let flat = try Self.outcomes().curve(scores: Array(repeating: 0.5, count: 10))
        #expect(Self.close(Self.pgrs(flat), [0, 1, 2, 1, 1, 1, 1, 2, 2, 1, 1]))

        // Two tie groups: {2, 8} at 0.9 first (2 before 8), then the rest at 0.1 in index order.
        var scores = Array(repeating: 0.1, count: 10)
        scores[8] = 0.9
        scores[2] = 0.9
        // Order 2 8 0 1 3 4 5 6 7 9: cumulative gain −1 −2 −1 0 0 0 0 1 1 1.
        let grouped = try Self.outcomes().curve(scores: scores)
        #expect(Self.close(Self.pgrs(grouped), [0, -1, -2, -1, 0, 0, 0, 0, 1, 1, 1]))
    }

    @Test func strongCountRoundsHalvesUp() throws {
        // n = 5, ten steps: round(k/2) prompts, so share 0.1 already sends one (0.5 → 1).
        let o = try PairOutcomes(weak: [0, 0, 0, 0, 0], strong: [1, 1, 1, 1, 1])
        let curve = try o.curve(scores: [5, 4, 3, 2, 1])
        #expect(Self.close(curve.points.map(\.quality), [0, 0.2, 0.2, 0.4, 0.4, 0.6, 0.6, 0.8, 0.8, 1, 1]))
    }

    @Test func fractionalQualitiesAndFewerIntervals() throws {
        // weakQ 0.35, strongQ 0.65. Two intervals: share 0.5 sends prompt 1 (score 0.9),
        // whose gain is 0, so PGR 0 0 1 and APGR = 0.5·(0+1)/2 = 0.25.
        let o = try PairOutcomes(weak: [0.2, 0.5], strong: [0.8, 0.5])
        let curve = try o.curve(scores: [0.1, 0.9], intervals: 2)
        #expect(Self.close(Self.pgrs(curve), [0, 0, 1]))
        #expect(Self.close(curve.points.map(\.share), [0, 0.5, 1]))
        #expect(Self.close(curve.apgr, 0.25))
        #expect(Self.close(curve.cpt(0.5), 0.75))
    }

    @Test func cptInterpolatesToTheFirstCrossing() {
        let rising = QualityCurve(points: [
            CurvePoint(share: 0, quality: 0, pgr: 0),
            CurvePoint(share: 0.5, quality: 0, pgr: 0.4),
            CurvePoint(share: 1, quality: 0, pgr: 1),
        ])
        // 0.5 + (0.5 − 0.4)/(1 − 0.4)·0.5 = 0.58333…
        #expect(Self.close(rising.cpt(0.5), 0.5 + 0.1 / 0.6 * 0.5))
        #expect(rising.cpt(0) == 0)
        #expect(rising.cpt(1.1) == nil)

        let bumpy = QualityCurve(points: [
            CurvePoint(share: 0, quality: 0, pgr: 0),
            CurvePoint(share: 1.0 / 3, quality: 0, pgr: 0.6),
            CurvePoint(share: 2.0 / 3, quality: 0, pgr: 0.2),
            CurvePoint(share: 1, quality: 0, pgr: 0.9),
        ])
        // First crossing of 0.5 is on the first segment, not the later recovery.
        #expect(Self.close(bumpy.cpt(0.5), 0.5 / 0.6 / 3))
        // 0.8 is crossed only on the last segment: 2/3 + (0.6/0.7)/3.
        #expect(Self.close(bumpy.cpt(0.8), 2.0 / 3 + 0.6 / 0.7 / 3))
    }

    @Test func baselines() throws {
        let b = try StrongWeakBaselines(outcomes: Self.outcomes())
        #expect(Self.close(b.random.curve.map(\.pgr), (0...10).map { Double($0) / 10 }))
        #expect(Self.close(b.random.apgr, 0.5))
        #expect(Self.close(b.random.cpt50, 0.5))
        #expect(Self.close(b.random.cpt80, 0.8))

        #expect(b.alwaysWeak.curve == [CurvePoint(share: 0, quality: 0.5, pgr: 0)])
        #expect(b.alwaysWeak.apgr == nil)
        #expect(b.alwaysWeak.cpt50 == nil)
        #expect(b.alwaysStrong.curve.count == 1)
        #expect(Self.close(b.alwaysStrong.curve[0].pgr, 1))
        #expect(b.alwaysStrong.apgr == nil)
        #expect(b.alwaysStrong.cpt50 == 1)
        #expect(Self.close(b.perfect.apgr, 2.55))
    }

    @Test func seededRandomRouterIsNearHalf() throws {
        // 4,000 prompts with weak right 60% and strong 80% of the time, independently;
        // random scores. Sampling noise on APGR is about 0.02 here, so 0.1 is a safe margin.
        var rng = SplitMix64(seed: 42)
        var weak: [Double] = [], strong: [Double] = [], scores: [Double] = []
        for _ in 0..<4000 {
            weak.append(Double.random(in: 0..<1, using: &rng) < 0.6 ? 1 : 0)
            strong.append(Double.random(in: 0..<1, using: &rng) < 0.8 ? 1 : 0)
            scores.append(Double.random(in: 0..<1, using: &rng))
        }
        let o = try PairOutcomes(weak: weak, strong: strong)
        let first = try o.curve(scores: scores)
        #expect(abs(first.apgr! - 0.5) < 0.1)

        // The same seed gives the same curve.
        var again = SplitMix64(seed: 42)
        let replay = (0..<4000).map { _ in
            _ = Double.random(in: 0..<1, using: &again)
            _ = Double.random(in: 0..<1, using: &again)
            return Double.random(in: 0..<1, using: &again)
        }
        #expect(try o.curve(scores: replay) == first)
    }

    @Test func invalidInputsThrow() throws {
        #expect(throws: EvaluationError.empty) { try PairOutcomes(weak: [], strong: []) }
        #expect(throws: EvaluationError.lengthMismatch(expected: 2, actual: 1)) {
            try PairOutcomes(weak: [0, 1], strong: [1])
        }
        #expect(throws: EvaluationError.noQualityGap) { try PairOutcomes(weak: [1, 0], strong: [0, 1]) }
        #expect(throws: EvaluationError.nonFinite(row: 1)) {
            try Self.outcomes().curve(scores: [0, .nan, 0, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: EvaluationError.invalidIntervals(0)) { try Self.outcomes().curve(scores: Self.gain, intervals: 0) }
        #expect(throws: EvaluationError.lengthMismatch(expected: 10, actual: 3)) {
            try Self.outcomes().curve(scores: [1, 2, 3])
        }
    }

    @Test func pairFromOutcomeTable() throws {
        let table = OutcomeTable(models: ["small", "big"], rows: [
            OutcomeRow(prompt: "a", scores: [1, 1]),
            OutcomeRow(prompt: "b", scores: [0, 1]),
        ])
        let o = try PairOutcomes(table: table, weak: "small", strong: "big")
        #expect(o.weak == [1, 0])
        #expect(o.strong == [1, 1])
        #expect(throws: EvaluationError.unknownModel("huge")) {
            try PairOutcomes(table: table, weak: "small", strong: "huge")
        }
        let gappy = OutcomeTable(models: ["small", "big"], rows: [OutcomeRow(prompt: "a", scores: [1, nil])])
        #expect(throws: EvaluationError.missingValue(row: 0, model: "big")) {
            try PairOutcomes(table: gappy, weak: "small", strong: "big")
        }
    }

    // MARK: report JSON

    @Test func reportEncodesTheCLIShape() throws {
        let report = try EvaluationReport(scores: Self.gain, outcomes: Self.outcomes(), aiq: 0.75)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys) == ["apgr", "cpt50", "cpt80", "aiq", "curve", "baselines"])
        #expect(Self.close(json["apgr"] as? Double, 2.35))
        #expect(Self.close(json["cpt50"] as? Double, 0.05))
        let curve = try #require(json["curve"] as? [[String: Any]])
        #expect(curve.count == 11)
        #expect(Set(curve[0].keys) == ["share", "quality", "pgr"])
        let baselines = try #require(json["baselines"] as? [String: Any])
        #expect(Set(baselines.keys) == ["random", "always_weak", "always_strong", "perfect"])
        let weak = try #require(baselines["always_weak"] as? [String: Any])
        #expect(Set(weak.keys) == ["curve", "apgr", "cpt50", "cpt80"])
        #expect(weak["apgr"] is NSNull)

        #expect(try JSONDecoder().decode(EvaluationReport.self, from: data) == report)
    }

    @Test func reportWithoutAIQWritesNull() throws {
        let report = try EvaluationReport(scores: Self.gain, outcomes: Self.outcomes())
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(json?["aiq"] is NSNull)
    }
}

// MARK: - N models: frontier, AIQ, policies

extension EvaluationTests {
    // Hull: A(1, .4) B(2, .7) D(4, .9). C(3, .75) lies under the chord B–D (0.8 at cost 3);
    // F(2.5, .5) is dominated by B; E(5, .85) is dominated by D; G(4, .6) shares D's cost.
    static let sweep = [
        CostQualityPoint(cost: 3, quality: 0.75),  // C
        CostQualityPoint(cost: 1, quality: 0.4),  // A
        CostQualityPoint(cost: 5, quality: 0.85),  // E
        CostQualityPoint(cost: 2.5, quality: 0.5),  // F
        CostQualityPoint(cost: 4, quality: 0.6),  // G
        CostQualityPoint(cost: 2, quality: 0.7),  // B
        CostQualityPoint(cost: 4, quality: 0.9),  // D
    ]

    @Test func frontierDropsDominatedAndNonConcavePoints() throws {
        let f = try CostQualityFrontier(points: Self.sweep)
        #expect(f.vertices == [
            CostQualityPoint(cost: 1, quality: 0.4),
            CostQualityPoint(cost: 2, quality: 0.7),
            CostQualityPoint(cost: 4, quality: 0.9),
        ])
        #expect(f.maxPointCost == 5)
        #expect(Self.close(f.quality(atCost: 3), 0.8))
        #expect(Self.close(f.quality(atCost: 10), 0.9))
        #expect(f.quality(atCost: 0.5) == nil)
    }

    @Test func aiqAveragesTheFrontierOverTheCostRange() throws {
        let f = try CostQualityFrontier(points: Self.sweep)
        // [1,2]: (0.4+0.7)/2 = 0.55; [2,4]: 2·(0.7+0.9)/2 = 1.6; [4,5] flat: 0.9. 3.05 / 4.
        #expect(Self.close(try f.aiq(), 0.7625))
        // Flat to 6: (3.05 + 0.9) / 5.
        #expect(Self.close(try f.aiq(maxCost: 6), 0.79))
        // Common bounds [2, 4]: 1.6 / 2.
        #expect(Self.close(try f.aiq(minCost: 2, maxCost: 4), 0.8))
        // Cut inside a segment, [1, 3]: (0.55 + (0.7+0.8)/2) / 2.
        #expect(Self.close(try f.aiq(maxCost: 3), 0.65))
        #expect(Self.close(try f.aiq(minCost: 3, maxCost: 3), 0.8))
        #expect(throws: EvaluationError.invalidCostRange(min: 0.5, max: 5)) { try f.aiq(minCost: 0.5) }
        #expect(throws: EvaluationError.invalidCostRange(min: 1, max: 0.9)) { try f.aiq(maxCost: 0.9) }
    }

    @Test func aiqOfOnePointIsItsQuality() throws {
        let f = try CostQualityFrontier(points: [CostQualityPoint(cost: 2, quality: 0.3)])
        #expect(try f.aiq() == 0.3)
        #expect(Self.close(try f.aiq(maxCost: 4), 0.3))
        #expect(throws: EvaluationError.empty) { try CostQualityFrontier(points: []) }
    }

    // Three models, cheap / mid / big, four prompts. Big costs 20 on prompt 3: the sweep
    // must use realised per-prompt costs.
    static func threeModels() throws -> ModelOutcomes {
        try ModelOutcomes(
            models: ["cheap", "mid", "big"],
            quality: [[1, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 0]],
            cost: [[1, 2, 10], [1, 2, 10], [1, 2, 10], [1, 2, 20]]
        )
    }

    static let predicted: [[Double]] = [[0.9, 0.95, 0.99], [0.3, 0.8, 0.9], [0.1, 0.4, 0.8], [0.2, 0.3, 0.5]]

    @Test func singleModelAndOraclePoints() throws {
        let o = try Self.threeModels()
        #expect(o.singleModelPoints == [
            CostQualityPoint(cost: 1, quality: 0.25),
            CostQualityPoint(cost: 2, quality: 0.5),
            CostQualityPoint(cost: 12.5, quality: 0.75),
        ])
        // Cheapest correct: cheap, mid, big; prompt 3 has none, so the cheapest model.
        #expect(o.oracleChoices == [0, 1, 2, 0])
        #expect(o.oraclePoint == CostQualityPoint(cost: 3.5, quality: 0.75))
    }

    @Test func lambdaSweepTradesQualityForCost() throws {
        let o = try Self.threeModels()
        // λ = 0: big everywhere. λ = 0.01: p0 mid (0.93 > 0.89), others big.
        // λ = 0.1: cheap, mid, mid, cheap. λ = 1: cheap everywhere.
        let points = try o.lambdaSweep(predicted: Self.predicted, lambdas: [0, 0.01, 0.1, 1])
        #expect(points == [
            CostQualityPoint(cost: 12.5, quality: 0.75),
            CostQualityPoint(cost: 10.5, quality: 0.75),
            CostQualityPoint(cost: 1.5, quality: 0.5),
            CostQualityPoint(cost: 1, quality: 0.25),
        ])
        // Frontier (1, .25) (1.5, .5) (10.5, .75); (12.5, .75) adds nothing.
        // Area 0.5·0.375 + 9·0.625 + 2·0.75 = 7.3125 over 11.5.
        let f = try CostQualityFrontier(points: points)
        #expect(f.vertices.count == 3)
        #expect(Self.close(try f.aiq(), 7.3125 / 11.5))
    }

    @Test func lambdaSweepBreaksTiesByCostThenIndex() throws {
        let o = try ModelOutcomes(models: ["a", "b", "c"], quality: [[0, 1, 1]], cost: [[3, 2, 2]])
        // All predictions equal at λ = 0: the cheaper b and c tie, b has the lower index.
        let points = try o.lambdaSweep(predicted: [[0.5, 0.5, 0.5]], lambdas: [0])
        #expect(points == [CostQualityPoint(cost: 2, quality: 1)])
    }

    @Test func modelOutcomesValidation() throws {
        #expect(throws: EvaluationError.lengthMismatch(expected: 2, actual: 1)) {
            try ModelOutcomes(models: ["a", "b"], quality: [[1]], cost: [[1]])
        }
        let o = try Self.threeModels()
        #expect(throws: EvaluationError.invalidChoice(row: 1, index: 3)) { try o.point(choices: [0, 3, 0, 0]) }
        #expect(try o.point(choices: [2, 2, 2, 2]) == CostQualityPoint(cost: 12.5, quality: 0.75))
        #expect(throws: EvaluationError.lengthMismatch(expected: 4, actual: 1)) {
            try o.lambdaSweep(predicted: [[0, 0, 0]], lambdas: [0])
        }
    }

    @Test func modelOutcomesFromOutcomeTable() throws {
        let table = OutcomeTable(models: ["a", "b"], rows: [
            OutcomeRow(prompt: "p", scores: [1, 0.5], costs: [0.25, 2]),
            OutcomeRow(prompt: "q", scores: [0, 1], costs: [0.25, 4]),
        ])
        let o = try ModelOutcomes(table: table)
        #expect(o.quality == [[1, 0.5], [0, 1]])
        #expect(o.cost == [[0.25, 2], [0.25, 4]])
        let costless = OutcomeTable(models: ["a"], rows: [OutcomeRow(prompt: "p", scores: [1])])
        #expect(throws: EvaluationError.missingValue(row: 0, model: "a")) { try ModelOutcomes(table: costless) }
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        // Reference outputs of Vigna's splitmix64.c.
        var a = SplitMix64(seed: 1_234_567)
        #expect([a.next(), a.next(), a.next()] == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
        var b = SplitMix64(seed: 0)
        #expect(b.next() == 0xE220_A839_7B1D_CDAF)
    }
}

// MARK: - RouteLLM MMLU golden (real data, when present)

extension EvaluationTests {
    static let mmluDirectory: String? = {
        guard let root = SharedDataLocator.dataDirectory() else { return nil }
        let dir = root + "/routellm-mmlu"
        return FileManager.default.fileExists(atPath: dir + "/responses") ? dir : nil
    }()

    /// Decontaminated MMLU as weak (Mixtral) and strong (GPT-4) correctness.
    static func mmlu(_ dir: String) throws -> PairOutcomes {
        let (table, _) = try RouteLLMImporter.load(path: dir)
        #expect(table.rows.count == 14_037)
        return try PairOutcomes(table: table, weak: "mistralai/Mixtral-8x7B-Instruct-v0.1", strong: "gpt-4-1106-preview")
    }

    @Test(.enabled(if: mmluDirectory != nil, "routellm-mmlu not found under $TRIAGE_DATA or ../shared/data"))
    func routeLLMMMLUGolden() throws {
        let o = try Self.mmlu(try #require(Self.mmluDirectory))
        #expect(abs(o.strongQuality - 0.8059) < 0.00005)
        #expect(abs(o.weakQuality - 0.6809) < 0.00005)

        let b = try StrongWeakBaselines(outcomes: o)
        // The README's values, to the precision it shows: APGR 1.290, CPT 6.25% and 10.00%.
        #expect(abs(b.perfect.apgr! - 1.290) < 0.0005)
        #expect(abs(b.perfect.cpt50! - 0.0625) < 0.00005)
        #expect(abs(b.perfect.cpt80! - 0.1000) < 0.00005)
        #expect(abs(b.random.apgr! - 0.500) < 0.0005)

        // A seeded random-score router lands near the expected 0.5 (RouteLLM measured 0.500).
        var rng = SplitMix64(seed: 7)
        let scores = (0..<o.count).map { _ in Double.random(in: 0..<1, using: &rng) }
        #expect(abs(try o.curve(scores: scores).apgr! - 0.5) < 0.03)
    }
}

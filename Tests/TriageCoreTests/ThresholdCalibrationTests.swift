import Testing
@testable import TriageCore

@Suite struct ThresholdCalibrationTests {
    @Test func theThresholdSplitsBetweenNeighbouringScores() {
        let c = ThresholdCalibration(scores: [0.9, 0.1, 0.5, 0.7], targetShare: 0.5)
        #expect(c.threshold == 0.6)
        #expect(c.strongShare == 0.5)
    }

    @Test func theEndsSendNobodyOrEverybody() {
        let scores: [Float] = [0.9, 0.1, 0.5, 0.7]
        let none = ThresholdCalibration(scores: scores, targetShare: 0)
        #expect(none.threshold > 0.9 && none.strongShare == 0)
        let all = ThresholdCalibration(scores: scores, targetShare: 1)
        #expect(all.threshold == 0.1 && all.strongShare == 1)
    }

    @Test func aShareIsRoundedToWholePrompts() {
        let scores = (0..<10).map { Float($0) / 10 }
        let c = ThresholdCalibration(scores: scores, targetShare: 0.3)
        #expect(c.strongShare == 0.3)
        #expect(abs(c.threshold - 0.65) < 1e-6)
    }

    @Test func tiesAtTheCutAreReportedHonestly() {
        let c = ThresholdCalibration(scores: [0.5, 0.5, 0.5, 0.5], targetShare: 0.5)
        #expect(c.threshold == 0.5)
        #expect(c.strongShare == 1, "tied scores cannot be split by a threshold")
    }

    @Test func noScoresGiveNeutralThreshold() {
        #expect(ThresholdCalibration(scores: [], targetShare: 0.3) == ThresholdCalibration(threshold: 0.5, strongShare: 0))
    }
}

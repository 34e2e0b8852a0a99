/// Bradley–Terry over heads: each example carries comparisons between two heads.
public struct PairwiseObjective: TrainingObjective {
    /// A comparison on one example: head a against head b, with P(a wins) as target.
    public struct Judgement: Sendable, Equatable {
        public var a: Int
        public var b: Int
        public var target: Float

        public init(a: Int, b: Int, target: Float) {
            self.a = a
            self.b = b
            self.target = target
        }
    }

    public let judgements: [[Judgement]]

    public init(judgements: [[Judgement]]) {
        self.judgements = judgements
    }

    public func lossAndGradient(logits: Matrix, examples: ArraySlice<Int>, dZ: inout Matrix) -> Float {
        var comparisons: [PairwiseLogistic.Comparison] = []
        for (row, example) in examples.enumerated() {
            for j in judgements[example] {
                comparisons.append(.init(row: row, a: j.a, b: j.b, target: j.target))
            }
        }
        return PairwiseLogistic.lossAndGradient(scores: logits, comparisons: comparisons, dZ: &dZ)
    }

    /// AUC of s_a − s_b against "a won", over decided (non-tie) comparisons.
    public func validationAUC(logits: Matrix, examples: [Int]) -> Double? {
        var scores: [Float] = [], labels: [Bool] = []
        for (row, example) in examples.enumerated() {
            for j in judgements[example] where j.target != 0.5 {
                scores.append(logits[row, j.a] - logits[row, j.b])
                labels.append(j.target > 0.5)
            }
        }
        return ROCAUC.compute(scores: scores, labels: labels)
    }
}

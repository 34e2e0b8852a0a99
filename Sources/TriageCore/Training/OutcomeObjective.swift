/// One sigmoid head per target: P(target is good | prompt), missing labels masked out.
public struct OutcomeObjective: TrainingObjective {
    /// examples × heads; entries in [0, 1].
    public let targets: Matrix
    /// 1 where a label exists.
    public let mask: Matrix

    /// `labels[i][k]` is head k's target on example i, nil where unknown.
    public init(labels: [[Float?]], heads: Int) {
        var t = Matrix(rows: labels.count, cols: heads)
        var m = Matrix(rows: labels.count, cols: heads)
        for (i, row) in labels.enumerated() {
            precondition(row.count == heads, "every example needs one label slot per head")
            for (k, label) in row.enumerated() {
                if let label {
                    t[i, k] = label
                    m[i, k] = 1
                }
            }
        }
        targets = t
        mask = m
    }

    public func lossAndGradient(logits: Matrix, examples: ArraySlice<Int>, dZ: inout Matrix) -> Float {
        let heads = targets.cols
        var y = Matrix(rows: examples.count, cols: heads)
        var m = Matrix(rows: examples.count, cols: heads)
        for (row, example) in examples.enumerated() {
            for k in 0..<heads {
                y[row, k] = targets[example, k]
                m[row, k] = mask[example, k]
            }
        }
        return SigmoidCrossEntropy.lossAndGradient(logits: logits, targets: y, mask: m, dZ: &dZ)
    }

    /// Mean over heads of each head's AUC against its binarised label.
    public func validationAUC(logits: Matrix, examples: [Int]) -> Double? {
        var aucs: [Double] = []
        for k in 0..<targets.cols {
            var scores: [Float] = [], labels: [Bool] = []
            for (row, example) in examples.enumerated() where mask[example, k] != 0 {
                scores.append(logits[row, k])
                labels.append(targets[example, k] >= 0.5)
            }
            if let auc = ROCAUC.compute(scores: scores, labels: labels) { aucs.append(auc) }
        }
        return aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count)
    }
}

/// What a network is trained to predict; the trainer knows nothing else about the task.
public protocol TrainingObjective: Sendable {
    /// Loss over `examples` (batch row i holds example examples[i]); writes ∂L/∂logits into dZ.
    func lossAndGradient(logits: Matrix, examples: ArraySlice<Int>, dZ: inout Matrix) -> Float
    /// A ranking quality in [0, 1] over held-out examples (row i of logits is examples[i]).
    func validationAUC(logits: Matrix, examples: [Int]) -> Double?
}

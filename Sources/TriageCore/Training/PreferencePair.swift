/// One pairwise judgement: which of two models answered a prompt better.
public struct PreferencePair: Sendable, Equatable {
    public enum Winner: String, Sendable, Equatable {
        case modelA = "model_a"
        case modelB = "model_b"
        case tie = "tie"
        case tieBothBad = "tie (bothbad)"
    }

    public var prompt: String
    public var modelA: String
    public var modelB: String
    public var winner: Winner

    public init(prompt: String, modelA: String, modelB: String, winner: Winner) {
        self.prompt = prompt
        self.modelA = modelA
        self.modelB = modelB
        self.winner = winner
    }
}

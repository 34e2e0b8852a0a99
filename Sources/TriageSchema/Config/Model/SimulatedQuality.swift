/// How good a simulated answer is, so routers and cascades have something to learn.
///
/// For a prompt of difficulty d in [0, 1] (the simulator derives d from the prompt), the expected
/// quality of the answer is `base × (1 − difficultySensitivity × d)`: a small model is decent on
/// easy prompts and collapses on hard ones (high sensitivity), a frontier model degrades little.
public struct SimulatedQuality: Sendable, Equatable {
    /// Expected quality on the easiest prompt, in [0, 1].
    public var base: Double
    /// How much of `base` is lost at the hardest prompt, in [0, 1].
    public var difficultySensitivity: Double

    public init(base: Double = 0.8, difficultySensitivity: Double = 0.5) {
        self.base = base
        self.difficultySensitivity = difficultySensitivity
    }

    /// Expected quality at difficulty `d` (clamped to [0, 1]).
    public func expected(difficulty d: Double) -> Double {
        base * (1 - difficultySensitivity * min(max(d, 0), 1))
    }
}

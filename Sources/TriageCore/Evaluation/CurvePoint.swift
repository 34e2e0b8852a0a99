/// One operating point of a strong/weak router: the share of calls sent to the strong model,
/// the mean quality obtained, and that quality as performance gap recovered.
public struct CurvePoint: Sendable, Equatable, Codable {
    /// Fraction of prompts sent to the strong model, in [0, 1].
    public var share: Double
    /// Mean quality of the chosen model over all prompts.
    public var quality: Double
    /// (quality − weakQ) / (strongQ − weakQ): 0 is all-weak, 1 is all-strong.
    public var pgr: Double

    /// A point as given; `PairOutcomes` computes the PGR for its own curves.
    public init(share: Double, quality: Double, pgr: Double) {
        self.share = share
        self.quality = quality
        self.pgr = pgr
    }
}

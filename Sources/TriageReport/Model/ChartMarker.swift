/// A labelled reference drawn over a `LineChart`, such as "CPT(50%) = 0.42" at x = 0.42.
///
/// Markers count towards the automatic axis ranges, so a marker is visible unless a fixed range
/// excludes it (then it is left out).
public enum ChartMarker: Sendable, Equatable {
    /// A dashed vertical line across the plot at `x`.
    case vertical(x: Double, label: String)
    /// A dashed horizontal line across the plot at `y`.
    case horizontal(y: Double, label: String)
    /// A ringed dot at (`x`, `y`) with its label beside it.
    case point(x: Double, y: Double, label: String)

    /// The text drawn next to the marker.
    public var label: String {
        switch self {
        case .vertical(_, let label), .horizontal(_, let label), .point(_, _, let label): label
        }
    }
}

/// One named curve of a `LineChart`: its points in data units and how to draw them.
public struct ChartSeries: Sendable {
    /// How the points of a series are drawn.
    public enum Style: Sendable, Equatable {
        /// A solid line through the points in the order given.
        case line
        /// A dot at each point, no line.
        case points
        /// A solid line with a dot at each point.
        case linePoints
        /// A dashed line, for baselines and references next to a solid series.
        case dashed
    }

    /// Shown in the legend (truncated with "…" when long; the full name stays in a tooltip).
    public var name: String
    /// Points in data units. Points with a NaN, infinite or absurdly large coordinate are skipped,
    /// and a line breaks where one was skipped rather than bridging the gap.
    public var points: [(x: Double, y: Double)]
    public var style: Style
    /// A CSS colour (`#RRGGBB`, `#RGB` or a colour name) instead of the palette's; anything else
    /// is ignored so a colour can never inject markup or a URL.
    public var color: String?

    public init(name: String, points: [(x: Double, y: Double)], style: Style = .line, color: String? = nil) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
    }
}

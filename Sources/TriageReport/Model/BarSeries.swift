/// One named set of bars in a `BarChart`: a value per category.
public struct BarSeries: Sendable, Equatable {
    /// Shown in the legend (truncated with "…" when long; the full name stays in a tooltip).
    public var name: String
    /// One value per category, in the chart's category order. A missing, NaN or infinite value
    /// draws no bar; values beyond the last category are ignored.
    public var values: [Double]
    /// A CSS colour (`#RRGGBB`, `#RGB` or a colour name) instead of the palette's.
    public var color: String?

    public init(name: String, values: [Double], color: String? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}

/// Bars for categories × series, side by side or stacked, such as requests per model per day.
///
/// `svg()` renders it as a standalone SVG element; a `ReportDocument` embeds it inline.
public struct BarChart: Sendable, Equatable {
    /// How the bars of one category are arranged.
    public enum Layout: Sendable, Equatable {
        /// One bar per series, side by side.
        case grouped
        /// One bar per category with the series stacked: positive values upwards, negative
        /// values downwards from zero.
        case stacked
    }

    public var title: String
    /// The title under the category axis, e.g. "Day".
    public var categoryLabel: String
    public var categories: [String]
    public var series: [BarSeries]
    /// The value axis; its range always includes zero unless fixed.
    public var y: ChartAxis
    public var layout: Layout

    public init(
        title: String, categoryLabel: String, categories: [String], series: [BarSeries], y: ChartAxis,
        layout: Layout = .grouped
    ) {
        self.title = title
        self.categoryLabel = categoryLabel
        self.categories = categories
        self.series = series
        self.y = y
        self.layout = layout
    }
}

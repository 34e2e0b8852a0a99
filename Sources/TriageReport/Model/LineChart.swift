/// A chart of one or more series over a numeric x axis, such as a cost–quality curve.
///
/// `svg()` renders it as a standalone SVG element; a `ReportDocument` embeds it inline.
public struct LineChart: Sendable {
    public var title: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var series: [ChartSeries]
    public var markers: [ChartMarker]

    public init(title: String, x: ChartAxis, y: ChartAxis, series: [ChartSeries], markers: [ChartMarker] = []) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.markers = markers
    }
}

/// The canvas of a chart split into title, plot and legend.
///
/// Margins come from the labels they must hold (the widest y tick label sets the left margin).
/// The legend goes right of the plot when it is narrow and short enough, else in rows below it,
/// where it makes the canvas taller instead of the plot smaller.
struct ChartLayout: Equatable {
    static let width = 720.0
    static let baseHeight = 400.0
    static let top = 44.0
    static let bottom = 56.0
    static let right = 16.0
    /// The widest a right-hand legend may be, as a share of the canvas, before it moves below.
    static let maxLegendShare = 0.3

    var height: Double
    var plot: PlotRect
    var legend: LegendLayout?

    init(yTickLabels: [String], legendNames: [String]) {
        let width = Self.width
        let left = 44 + (yTickLabels.map { TextMetrics.width($0) }.max() ?? 0)
        let plotHeight = Self.baseHeight - Self.top - Self.bottom
        let names = legendNames.map { $0.truncated(to: LegendLayout.maxNameLength) }
        let legendWidth = LegendLayout.gap + LegendLayout.entryWidth(names) + Self.right
        let legendHeight = Double(names.count) * LegendLayout.rowHeight
        height = Self.baseHeight
        if names.isEmpty {
            plot = PlotRect(x: left, y: Self.top, width: width - left - Self.right, height: plotHeight)
        } else if legendWidth <= width * Self.maxLegendShare, legendHeight <= plotHeight {
            plot = PlotRect(x: left, y: Self.top, width: width - left - legendWidth, height: plotHeight)
            legend = .column(names, x: plot.maxX + LegendLayout.gap, top: Self.top)
        } else {
            plot = PlotRect(x: left, y: Self.top, width: width - left - Self.right, height: plotHeight)
            legend = .rows(names, x: left, top: Self.baseHeight - 4, width: plot.width)
            height = legend!.frame.maxY + 12
        }
    }
}

/// Everything about a `BarChart` decided before drawing: layout, value ticks, category bands and
/// the rectangle of every bar.
struct BarGeometry {
    /// One drawn bar: which series and category it shows, its value and its rectangle.
    struct Bar: Equatable {
        var series: Int
        var category: Int
        var value: Double
        var rect: PlotRect
    }

    var layout: ChartLayout
    var yTicks: TickScale
    var y: LinearScale
    var bands: BandScale
    var bars: [Bar]

    init(_ chart: BarChart) {
        let stacked = chart.layout == .stacked
        let values = stacked ? Self.stackTotals(chart) : chart.series.flatMap { $0.values(chart.categories.count) }
        yTicks = chart.y.tickScale(fitting: values.filter(isPlottable), includingZero: true)
        layout = ChartLayout(yTickLabels: yTicks.labels(chart.y.format), legendNames: chart.series.map(\.name))
        y = LinearScale(domain: yTicks.lower...yTicks.upper, start: layout.plot.maxY, end: layout.plot.y)
        bands = BandScale(count: chart.categories.count, start: layout.plot.x, end: layout.plot.maxX)
        bars = stacked ? Self.stackedBars(chart, bands, y) : Self.groupedBars(chart, bands, y)
    }

    /// Per category, the sum of positive values and the sum of negative ones: the stack's extent.
    private static func stackTotals(_ chart: BarChart) -> [Double] {
        chart.categories.indices.flatMap { c in
            let values = chart.series.compactMap { $0.value(at: c) }.filter(isPlottable)
            return [values.filter { $0 > 0 }.reduce(0, +), values.filter { $0 < 0 }.reduce(0, +)]
        }
    }

    private static func groupedBars(_ chart: BarChart, _ bands: BandScale, _ y: LinearScale) -> [Bar] {
        let width = bands.barsWidth / Double(max(chart.series.count, 1))
        var bars: [Bar] = []
        for (s, series) in chart.series.enumerated() {
            for (c, value) in series.values(chart.categories.count).enumerated() where isPlottable(value) {
                let r = rect(x: bands.barsStart(c) + Double(s) * width, width: width, from: 0, to: value, y)
                bars.append(Bar(series: s, category: c, value: value, rect: r))
            }
        }
        return bars
    }

    private static func stackedBars(_ chart: BarChart, _ bands: BandScale, _ y: LinearScale) -> [Bar] {
        var bars: [Bar] = []
        for c in chart.categories.indices {
            var up = 0.0, down = 0.0
            for (s, series) in chart.series.enumerated() {
                guard let value = series.value(at: c), isPlottable(value), value != 0 else { continue }
                let base = value > 0 ? up : down
                if value > 0 { up += value } else { down += value }
                let r = rect(x: bands.barsStart(c), width: bands.barsWidth, from: base, to: base + value, y)
                bars.append(Bar(series: s, category: c, value: value, rect: r))
            }
        }
        return bars
    }

    private static func rect(x: Double, width: Double, from a: Double, to b: Double, _ y: LinearScale) -> PlotRect {
        let top = y.pixel(max(a, b)), bottom = y.pixel(min(a, b))
        return PlotRect(x: x, y: top, width: width, height: bottom - top)
    }
}

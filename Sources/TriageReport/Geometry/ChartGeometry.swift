/// Everything about a `LineChart` that is decided before drawing: the layout, the tick scales and
/// the data-to-pixel scales. Tests check positions here rather than in the SVG text.
struct ChartGeometry {
    var layout: ChartLayout
    var xTicks: TickScale
    var yTicks: TickScale
    var x: LinearScale
    var y: LinearScale

    init(_ chart: LineChart) {
        var xs: [Double] = [], ys: [Double] = []
        for series in chart.series {
            for point in series.points where isPlottable(point.x) && isPlottable(point.y) {
                xs.append(point.x)
                ys.append(point.y)
            }
        }
        for marker in chart.markers {
            switch marker {
            case .vertical(let x, _): xs.append(x)
            case .horizontal(let y, _): ys.append(y)
            case .point(let x, let y, _): xs.append(x); ys.append(y)
            }
        }
        xTicks = chart.x.tickScale(fitting: xs.filter(isPlottable))
        yTicks = chart.y.tickScale(fitting: ys.filter(isPlottable))
        layout = ChartLayout(yTickLabels: yTicks.labels(chart.y.format), legendNames: chart.series.map(\.name))
        let plot = layout.plot
        x = LinearScale(domain: xTicks.lower...xTicks.upper, start: plot.x, end: plot.maxX)
        y = LinearScale(domain: yTicks.lower...yTicks.upper, start: plot.maxY, end: plot.y)
    }
}

extension LineChart {
    /// The chart as a standalone `<svg>` element: 720 px wide, scaled by its container's CSS.
    public func svg() -> String {
        let geometry = ChartGeometry(self)
        var canvas = ChartCanvas(title: title, description: summary, layout: geometry.layout)
        canvas.yAxis(geometry.yTicks, scale: geometry.y, format: y.format, title: y.label)
        canvas.xAxis(geometry.xTicks, scale: geometry.x, format: x.format, title: x.label)
        let colors = series.enumerated().map { ChartPalette.color(for: $0.offset, override: $0.element.color) }
        canvas.beginPlot()
        for (series, color) in zip(series, colors) {
            series.draw(&canvas.writer, color: color, geometry: geometry, formats: (x.format, y.format))
        }
        let visible = markers.filter { $0.isVisible(in: geometry) }
        for marker in visible { marker.drawMark(&canvas.writer, geometry: geometry) }
        canvas.endPlot()
        for (row, marker) in visible.enumerated() { marker.drawLabel(&canvas.writer, geometry: geometry, row: row) }
        canvas.legend(zip(series, colors).map { LegendSwatch($0.style, color: $1) }, names: series.map(\.name))
        return canvas.finish()
    }

    /// One sentence naming what the chart shows: the SVG `<desc>` and the Markdown caption.
    var summary: String {
        var text = "Line chart of \(y.label) against \(x.label)"
        if !series.isEmpty { text += "; series: " + series.map(\.name).joined(separator: ", ") }
        if !markers.isEmpty { text += "; markers: " + markers.map(\.label).joined(separator: ", ") }
        return text + "."
    }
}

extension BarChart {
    /// The chart as a standalone `<svg>` element: 720 px wide, scaled by its container's CSS.
    public func svg() -> String {
        let geometry = BarGeometry(self)
        var canvas = ChartCanvas(title: title, description: summary, layout: geometry.layout)
        canvas.yAxis(geometry.yTicks, scale: geometry.y, format: y.format, title: y.label)
        canvas.categoryAxis(categories, bands: geometry.bands, title: categoryLabel)
        let colors = series.enumerated().map { ChartPalette.color(for: $0.offset, override: $0.element.color) }
        canvas.beginPlot()
        for bar in geometry.bars {
            let r = bar.rect
            canvas.writer.open("rect", [
                ("x", px(r.x)), ("y", px(r.y)), ("width", px(r.width)), ("height", px(r.height)), ("fill", colors[bar.series]),
            ])
            let tooltip = "\(series[bar.series].name) — \(categories[bar.category]): \(y.format.value(bar.value))"
            canvas.writer.element("title", text: tooltip)
            canvas.writer.close("rect")
        }
        if geometry.y.contains(0) && geometry.yTicks.lower != 0 {
            // Bars grow from zero; mark it when it is not already the bottom axis.
            let zero = geometry.y.pixel(0), plot = geometry.layout.plot
            canvas.writer.line(plot.x, zero, plot.maxX, zero, stroke: ChartPalette.axis)
        }
        canvas.endPlot()
        canvas.legend(colors.map { LegendSwatch.box(color: $0) }, names: series.map(\.name))
        return canvas.finish()
    }

    /// One sentence naming what the chart shows: the SVG `<desc>` and the Markdown caption.
    var summary: String {
        var text = "\(layout == .stacked ? "Stacked bar" : "Bar") chart of \(y.label) by \(categoryLabel)"
        if !series.isEmpty { text += "; series: " + series.map(\.name).joined(separator: ", ") }
        if !categories.isEmpty { text += "; \(categories.count) categories" }
        return text + "."
    }
}

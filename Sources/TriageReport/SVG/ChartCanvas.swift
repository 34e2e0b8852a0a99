/// Draws what every chart shares — the root element, title, axes, plot clip and legend — so line
/// and bar charts only add their data.
struct ChartCanvas {
    /// System fonts only: a report must not fetch anything, fonts included.
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"

    var writer = SVGWriter()
    let layout: ChartLayout
    private var plot: PlotRect { layout.plot }

    /// Opens the root `<svg>` with an accessible `<title>` and `<desc>`, and draws the visible title.
    init(title: String, description: String, layout: ChartLayout) {
        self.layout = layout
        let width = ChartLayout.width, height = layout.height
        writer.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(px(width)) \(px(height))"),
            ("width", px(width)), ("height", px(height)), ("role", "img"),
            ("font-family", Self.fontFamily), ("font-size", px(TextMetrics.fontSize)),
        ])
        writer.element("title", text: title)
        writer.element("desc", text: description)
        writer.element("rect", [("width", px(width)), ("height", px(height)), ("fill", "#FFFFFF")])
        let size = TextMetrics.titleFontSize
        let fitting = TextMetrics.characters(fitting: (width - 32) * TextMetrics.fontSize / size)
        writer.text(title.truncated(to: fitting), x: 16, y: 26, [("font-size", px(size)), ("font-weight", "600")])
    }

    /// Horizontal grid lines and labels at the value ticks, the axis line and the rotated title.
    mutating func yAxis(_ ticks: TickScale, scale: LinearScale, format: ChartNumberFormat, title: String) {
        for (tick, label) in zip(ticks.ticks, ticks.labels(format)) {
            let y = scale.pixel(tick)
            writer.line(plot.x, y, plot.maxX, y, stroke: ChartPalette.grid)
            writer.text(label, x: plot.x - 8, y: y + 4, anchor: "end", fill: ChartPalette.mutedText)
        }
        writer.line(plot.x, plot.y, plot.x, plot.maxY, stroke: ChartPalette.axis)
        let rotation = "rotate(-90 18 \(px(plot.midY)))"
        let fitting = TextMetrics.characters(fitting: plot.height)
        writer.text(title.truncated(to: fitting), x: 18, y: plot.midY, anchor: "middle", [("transform", rotation)])
    }

    /// Vertical grid lines and labels at numeric x ticks, the axis line and the title.
    mutating func xAxis(_ ticks: TickScale, scale: LinearScale, format: ChartNumberFormat, title: String) {
        for (tick, label) in zip(ticks.ticks, ticks.labels(format)) {
            let x = scale.pixel(tick)
            // The y axis line already marks the left edge; a grid line there would paint over it.
            if x > plot.x + 0.5 { writer.line(x, plot.y, x, plot.maxY, stroke: ChartPalette.grid) }
            writer.text(label, x: x, y: plot.maxY + 18, anchor: "middle", fill: ChartPalette.mutedText)
        }
        xAxisLineAndTitle(title)
    }

    /// Category names centred under their bands; when they would collide, only every n-th is shown.
    mutating func categoryAxis(_ categories: [String], bands: BandScale, title: String) {
        let names = categories.map { $0.truncated(to: 16) }
        let widest = (names.map { TextMetrics.width($0) }.max() ?? 0) + 8
        let every = bands.bandWidth > 0 ? max(1, Int((widest / bands.bandWidth).rounded(.up))) : 1
        for (i, name) in names.enumerated() where i % every == 0 {
            writer.text(name, x: bands.bandCenter(i), y: plot.maxY + 18, anchor: "middle", fill: ChartPalette.mutedText)
        }
        xAxisLineAndTitle(title)
    }

    private mutating func xAxisLineAndTitle(_ title: String) {
        writer.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: ChartPalette.axis)
        let fitting = TextMetrics.characters(fitting: plot.width)
        writer.text(title.truncated(to: fitting), x: plot.midX, y: plot.maxY + 40, anchor: "middle")
    }

    /// Opens a nested `<svg>` over the plot area: it clips what is drawn inside (a series past a
    /// fixed range) without a `clipPath` id, which could clash with another chart on the page.
    mutating func beginPlot() {
        let (x, y, w, h) = (px(plot.x), px(plot.y), px(plot.width), px(plot.height))
        writer.open("svg", [
            ("x", x), ("y", y), ("width", w), ("height", h), ("viewBox", "\(x) \(y) \(w) \(h)"), ("overflow", "hidden"),
        ])
    }

    mutating func endPlot() {
        writer.close("svg")
    }

    /// The legend entries in their strip; each carries its full name as a tooltip.
    mutating func legend(_ swatches: [LegendSwatch], names: [String]) {
        guard let legend = layout.legend else { return }
        for (entry, (swatch, name)) in zip(legend.entries, zip(swatches, names)) {
            writer.open("g")
            writer.element("title", text: name)
            swatch.draw(&writer, x: entry.x, y: entry.y)
            writer.text(entry.text, x: entry.x + LegendLayout.swatchWidth, y: entry.y + 4)
            writer.close("g")
        }
    }

    /// The finished element, root closed.
    func finish() -> String {
        writer.markup + "</svg>\n"
    }
}

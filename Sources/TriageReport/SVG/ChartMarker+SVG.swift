extension ChartMarker {
    static let labelFontSize = 11.0
    static let maxLabelLength = 48

    /// Whether the marker falls inside the plotted ranges (a fixed range may exclude it).
    func isVisible(in geometry: ChartGeometry) -> Bool {
        switch self {
        case .vertical(let x, _): isPlottable(x) && geometry.x.contains(x)
        case .horizontal(let y, _): isPlottable(y) && geometry.y.contains(y)
        case .point(let x, let y, _):
            isPlottable(x) && isPlottable(y) && geometry.x.contains(x) && geometry.y.contains(y)
        }
    }

    /// The line or ring, drawn inside the plot clip.
    func drawMark(_ writer: inout SVGWriter, geometry: ChartGeometry) {
        let plot = geometry.layout.plot
        let dashed: SVGWriter.Attributes = [("stroke-width", "1.5"), ("stroke-dasharray", "4 3")]
        switch self {
        case .vertical(let x, _):
            let x = geometry.x.pixel(x)
            writer.line(x, plot.y, x, plot.maxY, stroke: ChartPalette.marker, dashed)
        case .horizontal(let y, _):
            let y = geometry.y.pixel(y)
            writer.line(plot.x, y, plot.maxX, y, stroke: ChartPalette.marker, dashed)
        case .point(let x, let y, _):
            writer.element("circle", [
                ("cx", px(geometry.x.pixel(x))), ("cy", px(geometry.y.pixel(y))), ("r", "4.5"), ("fill", "#FFFFFF"),
                ("stroke", ChartPalette.marker), ("stroke-width", "2"),
            ])
        }
    }

    /// The label beside the mark, kept inside the plot. Labels of vertical markers step down by
    /// `row` so neighbouring markers do not overprint.
    func drawLabel(_ writer: inout SVGWriter, geometry: ChartGeometry, row: Int) {
        let plot = geometry.layout.plot
        // Labels read leftwards from marks in the right half, so they stay inside the plot.
        let beside = { (x: Double, offset: Double) in x > plot.midX ? (x - offset, "end") : (x + offset, "start") }
        let (x, y, anchor): (Double, Double, String)
        switch self {
        case .vertical(let value, _):
            (x, anchor) = beside(geometry.x.pixel(value), 4)
            y = plot.y + 14 + 14 * Double(row % 3)
        case .horizontal(let value, _):
            let lineY = geometry.y.pixel(value)
            (x, y, anchor) = (plot.maxX - 4, lineY - 5 < plot.y + 12 ? lineY + 14 : lineY - 5, "end")
        case .point(let dataX, let dataY, _):
            (x, anchor) = beside(geometry.x.pixel(dataX), 7)
            let pointY = geometry.y.pixel(dataY)
            y = pointY - 8 < plot.y + 12 ? pointY + 18 : pointY - 8
        }
        // A white outline under the glyphs keeps the label legible over grid lines and data.
        let halo: SVGWriter.Attributes = [
            ("font-size", px(Self.labelFontSize)), ("stroke", "#FFFFFF"), ("stroke-width", "3"),
            ("paint-order", "stroke"),
        ]
        let text = label.truncated(to: Self.maxLabelLength)
        writer.text(text, x: x, y: y, anchor: anchor, fill: ChartPalette.marker, halo)
    }
}

/// The little sample drawn before a legend name, matching how its series is drawn.
enum LegendSwatch {
    case line(color: String, dashed: Bool, dot: Bool)
    case dot(color: String)
    case box(color: String)

    init(_ style: ChartSeries.Style, color: String) {
        switch style {
        case .line: self = .line(color: color, dashed: false, dot: false)
        case .dashed: self = .line(color: color, dashed: true, dot: false)
        case .linePoints: self = .line(color: color, dashed: false, dot: true)
        case .points: self = .dot(color: color)
        }
    }

    /// Draws the swatch in the 16 px before `x + 16`, vertically centred on `y`.
    func draw(_ writer: inout SVGWriter, x: Double, y: Double) {
        switch self {
        case .line(let color, let dashed, let dot):
            let dash: SVGWriter.Attributes = dashed ? [("stroke-dasharray", "5 3")] : []
            writer.line(x, y, x + 16, y, stroke: color, [("stroke-width", "2")] + dash)
            if dot { writer.element("circle", [("cx", px(x + 8)), ("cy", px(y)), ("r", "3"), ("fill", color)]) }
        case .dot(let color):
            writer.element("circle", [("cx", px(x + 8)), ("cy", px(y)), ("r", "3.5"), ("fill", color)])
        case .box(let color):
            writer.element("rect", [("x", px(x + 2)), ("y", px(y - 6)), ("width", "12"), ("height", "12"), ("fill", color)])
        }
    }
}

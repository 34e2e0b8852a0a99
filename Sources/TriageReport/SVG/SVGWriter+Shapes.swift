extension SVGWriter {
    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`).
    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, _ extra: Attributes = []
    ) {
        element("line", [("x1", px(x1)), ("y1", px(y1)), ("x2", px(x2)), ("y2", px(y2)), ("stroke", stroke)] + extra)
    }

    /// Text with its baseline at `y`, anchored at `x` by its start, middle or end.
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", fill: String = ChartPalette.text,
        _ extra: Attributes = []
    ) {
        var attributes: Attributes = [("x", px(x)), ("y", px(y))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        element("text", attributes + [("fill", fill)] + extra, text: content)
    }
}

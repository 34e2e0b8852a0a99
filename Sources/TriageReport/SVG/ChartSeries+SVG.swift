extension ChartSeries {
    /// Runs of consecutive plottable points; a skipped point ends a run, so the line shows a gap
    /// instead of bridging missing data.
    var runs: [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for point in points {
            if isPlottable(point.x) && isPlottable(point.y) {
                runs[runs.count - 1].append(point)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// Draws the series as a group titled with its name (a tooltip anywhere on it).
    func draw(
        _ writer: inout SVGWriter, color: String, geometry: ChartGeometry,
        formats: (x: ChartNumberFormat, y: ChartNumberFormat)
    ) {
        let runs = runs
        writer.open("g")
        writer.element("title", text: name)
        if style != .points {
            let d = runs.filter { $0.count > 1 }.map { run in
                run.enumerated().map { i, p in
                    "\(i == 0 ? "M" : "L")\(px(geometry.x.pixel(p.x))) \(px(geometry.y.pixel(p.y)))"
                }.joined(separator: " ")
            }.joined(separator: " ")
            if !d.isEmpty {
                var attributes: SVGWriter.Attributes = [
                    ("d", d), ("fill", "none"), ("stroke", color), ("stroke-width", "2"), ("stroke-linejoin", "round"),
                ]
                if style == .dashed { attributes.append(("stroke-dasharray", "6 4")) }
                writer.element("path", attributes)
            }
        }
        // A line through one point draws nothing, so lone points get a dot to stay visible.
        let dotted = style == .points || style == .linePoints ? runs : runs.filter { $0.count == 1 }
        for p in dotted.joined() {
            let (cx, cy) = (px(geometry.x.pixel(p.x)), px(geometry.y.pixel(p.y)))
            writer.open("circle", [("cx", cx), ("cy", cy), ("r", "3"), ("fill", color)])
            writer.element("title", text: "\(name): \(formats.x.value(p.x)), \(formats.y.value(p.y))")
            writer.close("circle")
        }
        writer.close("g")
    }
}

/// Where the legend entries go: in a column right of the plot, or in rows below it, always in a
/// strip of its own so it never covers data.
struct LegendLayout: Equatable {
    enum Placement: Equatable { case right, below }

    /// One legend line: the swatch starts at `x`, the text at `x + swatchWidth`, centred on `y`.
    struct Entry: Equatable {
        var x: Double
        var y: Double
        var text: String
    }

    static let maxNameLength = 24
    static let rowHeight = 18.0
    static let swatchWidth = 22.0
    static let gap = 16.0

    var placement: Placement
    var frame: PlotRect
    var entries: [Entry]

    /// Width of one entry: swatch plus the longest (truncated) name.
    static func entryWidth(_ names: [String]) -> Double {
        swatchWidth + (names.map { TextMetrics.width($0) }.max() ?? 0)
    }

    static func column(_ names: [String], x: Double, top: Double) -> LegendLayout {
        let entries = names.enumerated().map { i, name in
            Entry(x: x, y: top + rowHeight * (Double(i) + 0.5), text: name)
        }
        let frame = PlotRect(x: x, y: top, width: entryWidth(names), height: rowHeight * Double(names.count))
        return LegendLayout(placement: .right, frame: frame, entries: entries)
    }

    static func rows(_ names: [String], x: Double, top: Double, width: Double) -> LegendLayout {
        let columnWidth = entryWidth(names) + gap
        let columns = max(1, Int((width + gap) / columnWidth))
        let entries = names.enumerated().map { i, name in
            Entry(
                x: x + Double(i % columns) * columnWidth, y: top + rowHeight * (Double(i / columns) + 0.5),
                text: name)
        }
        let rowCount = (names.count + columns - 1) / columns
        let frame = PlotRect(x: x, y: top, width: width, height: rowHeight * Double(rowCount))
        return LegendLayout(placement: .below, frame: frame, entries: entries)
    }
}

import Testing

@testable import TriageReport

@Suite struct ChartGeometryTests {
    /// y ticks 0.0 … 1.0 make the left margin 44 + 3 × 7.2 = 65.6 px; the one-entry legend on the
    /// right takes 16 + 22 + 6 × 7.2 + 16 = 97.2 px; the plot is 300 px high from y = 44.
    static let chart = LineChart(
        title: "Quality against cost",
        x: ChartAxis("Share to strong model", format: .percent, range: 0...1),
        y: ChartAxis("Quality"),
        series: [ChartSeries(name: "router", points: [(0, 0.1), (0.5, 0.5), (1, 0.87)])])

    @Test func goldenLayoutAndPixelPositions() {
        let g = ChartGeometry(Self.chart)
        #expect(g.yTicks.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(g.xTicks.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(g.layout.plot == PlotRect(x: 65.6, y: 44, width: 557.2, height: 300))
        #expect(abs(g.x.pixel(0) - 65.6) < 1e-9)
        #expect(abs(g.x.pixel(0.5) - 344.2) < 1e-9)
        #expect(abs(g.x.pixel(1) - 622.8) < 1e-9)
        #expect(abs(g.y.pixel(0) - 344) < 1e-9)
        #expect(abs(g.y.pixel(0.5) - 194) < 1e-9)
        #expect(abs(g.y.pixel(0.87) - 83) < 1e-9)
        #expect(Self.chart.svg().contains("M65.6 314 L344.2 194 L622.8 83"))
    }

    @Test func legendSitsRightOfThePlotWhenItFits() throws {
        let layout = ChartGeometry(Self.chart).layout
        let legend = try #require(layout.legend)
        #expect(legend.placement == .right)
        #expect(!legend.frame.intersects(layout.plot))
        #expect(legend.frame.maxX <= ChartLayout.width)
    }

    @Test func manyOrLongNamesMoveTheLegendBelowAndGrowTheCanvas() throws {
        let names = (1...20).map { "deployment-\($0)-with-a-rather-long-name" }
        let layout = ChartLayout(yTickLabels: ["0", "100"], legendNames: names)
        let legend = try #require(layout.legend)
        #expect(legend.placement == .below)
        #expect(!legend.frame.intersects(layout.plot))
        #expect(legend.frame.y > layout.plot.maxY + 40, "below the x axis title")
        #expect(layout.height >= legend.frame.maxY)
        #expect(legend.entries.allSatisfy { $0.text.count <= LegendLayout.maxNameLength && $0.text.hasSuffix("…") })
        #expect(legend.entries.allSatisfy { $0.x + LegendLayout.entryWidth([$0.text]) <= ChartLayout.width })
    }

    @Test func markersWidenTheAutomaticRange() {
        let chart = LineChart(
            title: "t", x: ChartAxis("x"), y: ChartAxis("y"), series: [ChartSeries(name: "s", points: [(0, 0), (1, 1)])],
            markers: [.vertical(x: 3.5, label: "far"), .horizontal(y: -1, label: "floor")])
        let g = ChartGeometry(chart)
        #expect(g.x.contains(3.5) && g.y.contains(-1))
    }

    @Test func groupedBarsSplitEachBandAndStartAtZero() {
        let chart = BarChart(
            title: "Requests", categoryLabel: "Day", categories: ["Mon", "Tue"],
            series: [BarSeries(name: "small", values: [10, 20]), BarSeries(name: "large", values: [5, .nan])],
            y: ChartAxis("Requests"))
        let g = BarGeometry(chart)
        #expect(g.yTicks.ticks == [0, 5, 10, 15, 20])
        #expect(g.bars.count == 3, "the NaN value draws no bar")
        let band = g.bands.bandWidth
        let first = g.bars[0].rect, second = g.bars[1].rect
        #expect(abs(first.x - (g.layout.plot.x + band * 0.1)) < 1e-9)
        #expect(abs(first.width - band * 0.4) < 1e-9)
        #expect(abs(first.maxY - g.layout.plot.maxY) < 1e-9)
        #expect(abs(first.height - g.layout.plot.height / 2) < 1e-9)
        #expect(abs(second.height - g.layout.plot.height) < 1e-9)
    }

    @Test func stackedBarsStackUpwardsAndNegativesDownwards() {
        let chart = BarChart(
            title: "Margin", categoryLabel: "Tier", categories: ["A"],
            series: [BarSeries(name: "p", values: [3]), BarSeries(name: "q", values: [2]), BarSeries(name: "n", values: [-1])],
            y: ChartAxis("Dollars", format: .dollars), layout: .stacked)
        let g = BarGeometry(chart)
        #expect(g.yTicks.lower <= -1 && g.yTicks.upper >= 5)
        let zero = g.y.pixel(0)
        let rects = g.bars.map(\.rect)
        #expect(abs(rects[0].maxY - zero) < 1e-9 && abs(rects[0].y - g.y.pixel(3)) < 1e-9)
        #expect(abs(rects[1].maxY - g.y.pixel(3)) < 1e-9 && abs(rects[1].y - g.y.pixel(5)) < 1e-9)
        #expect(abs(rects[2].y - zero) < 1e-9 && abs(rects[2].maxY - g.y.pixel(-1)) < 1e-9)
    }
}

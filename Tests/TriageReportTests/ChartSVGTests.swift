import Foundation
import Testing

@testable import TriageReport

@Suite struct ChartSVGTests {
    static let lineChart = LineChart(
        title: "Cost–quality curve",
        x: ChartAxis("Share to strong model", format: .percent, range: 0...1),
        y: ChartAxis("Quality", format: .percent),
        series: [
            ChartSeries(name: "router", points: [(0, 0.62), (0.25, 0.74), (0.5, 0.8), (1, 0.83)], style: .linePoints),
            ChartSeries(name: "random", points: [(0, 0.62), (1, 0.83)], style: .dashed),
            ChartSeries(name: "samples", points: [(0.3, 0.7), (0.6, 0.79)], style: .points, color: "#123456"),
        ],
        markers: [
            .vertical(x: 0.42, label: "CPT(50%) = 0.42"), .horizontal(y: 0.8, label: "target"),
            .point(x: 0.5, y: 0.8, label: "chosen"),
        ])

    static let barChart = BarChart(
        title: "Requests per model per day", categoryLabel: "Day", categories: ["Mon", "Tue", "Wed"],
        series: [BarSeries(name: "gpt-4o-mini", values: [120, 340, 95]), BarSeries(name: "claude-sonnet", values: [40, 60, 30])],
        y: ChartAxis("Requests"), layout: .stacked)

    /// About 1e-320: so small that its power of ten overflows a double.
    static let subnormal = Double.leastNonzeroMagnitude * 2048

    static func expectSound(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(MarkupChecks.parseError(svg) == nil, sourceLocation: sourceLocation)
        #expect(MarkupChecks.externalReferences(svg).isEmpty, sourceLocation: sourceLocation)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 "), sourceLocation: sourceLocation)
        #expect(svg.contains("<title>") && svg.contains("font-family=\"system-ui"), sourceLocation: sourceLocation)
        #expect(!svg.contains("nan") && !svg.contains("inf"), "no non-finite coordinates", sourceLocation: sourceLocation)
    }

    @Test func lineChartIsWellFormedAndNamesEverySeriesInTheLegend() {
        let svg = Self.lineChart.svg()
        Self.expectSound(svg)
        let texts = MarkupChecks.textElements(svg)
        for series in Self.lineChart.series { #expect(texts.contains(series.name)) }
        for label in ["0%", "20%", "100%", "CPT(50%) = 0.42", "target", "chosen", "Quality", "Share to strong model"] {
            #expect(texts.contains(label), "missing \(label)")
        }
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
        #expect(svg.contains("fill=\"#123456\""))
        #expect(svg.contains("#0072B2") && svg.contains("#E69F00"))
    }

    @Test func barChartIsWellFormedAndNamesEverySeriesInTheLegend() {
        for layout in [BarChart.Layout.grouped, .stacked] {
            var chart = Self.barChart
            chart.layout = layout
            let svg = chart.svg()
            Self.expectSound(svg)
            let texts = MarkupChecks.textElements(svg)
            for name in ["gpt-4o-mini", "claude-sonnet", "Mon", "Tue", "Wed", "Day"] { #expect(texts.contains(name)) }
            #expect(svg.contains("<title>gpt-4o-mini — Tue: 340</title>"))
        }
    }

    @Test func namesAndTitlesAreEscaped() {
        let hostile = #"<b>"A&B"</b>"#
        let line = LineChart(
            title: hostile, x: ChartAxis(hostile), y: ChartAxis("y'"),
            series: [ChartSeries(name: hostile, points: [(0, 1), (1, 2)], color: "url(https://evil.example/x)")],
            markers: [.vertical(x: 0.5, label: hostile)])
        let bar = BarChart(
            title: hostile, categoryLabel: hostile, categories: [hostile], series: [BarSeries(name: hostile, values: [1])],
            y: ChartAxis(hostile))
        for svg in [line.svg(), bar.svg()] {
            Self.expectSound(svg)
            #expect(svg.contains("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"))
            #expect(!svg.contains("<b>"))
        }
        #expect(line.svg().contains("y&#39;"))
    }

    @Test func edgeCasesRenderWithoutCrashing() {
        let nasty: [(x: Double, y: Double)] = [
            (0, .nan), (1, 2), (1.5, 2.5), (.infinity, 3), (2, 4), (2.5, 4.5), (3, -.infinity), (4, 1e300),
        ]
        let charts: [LineChart] = [
            LineChart(title: "empty", x: ChartAxis("x"), y: ChartAxis("y"), series: []),
            LineChart(title: "empty series", x: ChartAxis("x"), y: ChartAxis("y"), series: [ChartSeries(name: "none", points: [])]),
            LineChart(title: "one point", x: ChartAxis("x"), y: ChartAxis("y"), series: [ChartSeries(name: "p", points: [(3, 7)])]),
            LineChart(
                title: "flat", x: ChartAxis("x"), y: ChartAxis("y", format: .dollars),
                series: [ChartSeries(name: "f", points: [(1, 0.5), (2, 0.5), (3, 0.5)])]),
            LineChart(
                title: "all equal", x: ChartAxis("x"), y: ChartAxis("y"),
                series: [ChartSeries(name: "z", points: [(0, 0), (0, 0)], style: .points)]),
            LineChart(title: "non-finite", x: ChartAxis("x"), y: ChartAxis("y"), series: [ChartSeries(name: "n", points: nasty)]),
            LineChart(
                title: "only NaN", x: ChartAxis("x"), y: ChartAxis("y"),
                series: [ChartSeries(name: "n", points: [(.nan, .nan)])], markers: [.vertical(x: .nan, label: "nowhere")]),
            LineChart(
                title: String(repeating: "Very long title ", count: 20), x: ChartAxis(String(repeating: "x", count: 300)),
                y: ChartAxis("y", range: 5...5),
                series: [ChartSeries(name: String(repeating: "a very long series name ", count: 10), points: [(0, 1), (1, 2)])]),
            LineChart(
                title: "outside fixed range", x: ChartAxis("x", range: 0...1), y: ChartAxis("y", range: 0...1),
                series: [ChartSeries(name: "s", points: [(-1, -1), (2, 2)])], markers: [.vertical(x: 5, label: "hidden")]),
            LineChart(
                title: "subnormal", x: ChartAxis("x", range: 0...Self.subnormal), y: ChartAxis("y"),
                series: [ChartSeries(name: "tiny", points: [(0, Self.subnormal), (Self.subnormal, 2 * Self.subnormal)])]),
            LineChart(
                title: "many series", x: ChartAxis("x"), y: ChartAxis("y"),
                series: (0..<30).map { ChartSeries(name: "series \($0)", points: [(0, Double($0)), (1, Double($0 + 1))]) }),
        ]
        for chart in charts { Self.expectSound(chart.svg()) }
        let broken = charts[5].svg()
        #expect(broken.components(separatedBy: " M").count == 2, "a skipped point breaks the line into two runs")
        let long = charts[7].svg()
        #expect(MarkupChecks.textElements(long).contains { $0.hasPrefix("a very long series") && $0.hasSuffix("…") })
        #expect(!MarkupChecks.textElements(charts[8].svg()).contains("hidden"), "a marker outside a fixed range is left out")
    }

    @Test func barEdgeCasesRenderWithoutCrashing() {
        let charts: [BarChart] = [
            BarChart(title: "empty", categoryLabel: "c", categories: [], series: [], y: ChartAxis("y")),
            BarChart(title: "no series", categoryLabel: "c", categories: ["a"], series: [], y: ChartAxis("y")),
            BarChart(
                title: "ragged", categoryLabel: "c", categories: ["a", "b", "c"],
                series: [BarSeries(name: "short", values: [1]), BarSeries(name: "long", values: [1, 2, 3, 4, 5])], y: ChartAxis("y")),
            BarChart(
                title: "zeros and NaN", categoryLabel: "c", categories: ["a", "b"],
                series: [BarSeries(name: "s", values: [0, .nan])], y: ChartAxis("y", format: .percent), layout: .stacked),
            BarChart(
                title: "negative", categoryLabel: "c", categories: ["a", "b"], series: [BarSeries(name: "s", values: [-3, 2])],
                y: ChartAxis("y")),
            BarChart(
                title: "many days", categoryLabel: "Day", categories: (1...60).map { "2025-06-\($0)" },
                series: [BarSeries(name: "s", values: (1...60).map(Double.init))], y: ChartAxis("y")),
        ]
        for chart in charts { Self.expectSound(chart.svg()) }
        #expect(MarkupChecks.textElements(charts[5].svg()).filter { $0.hasPrefix("2025-") }.count < 60, "labels thinned")
    }

    @Test func renderingIsDeterministic() {
        #expect(Self.lineChart.svg() == Self.lineChart.svg())
        #expect(Self.barChart.svg() == Self.barChart.svg())
    }
}

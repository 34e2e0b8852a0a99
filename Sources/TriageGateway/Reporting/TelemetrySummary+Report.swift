import Foundation
import TriageReport

extension TelemetrySummary {
    /// The request log's sections of a report (and the whole of `/dashboard`): traffic and
    /// spend over time, tiers, retries and fallbacks, latency per deployment, learning.
    public func reportSections(source: String) -> [ReportSection] {
        let (unit, unitSeconds): (String, Double) = bucketSeconds >= 86_400 ? ("days", 86_400) : bucketSeconds >= 3_600 ? ("hours", 3_600) : ("minutes", 60)
        let scale = bucketSeconds / unitSeconds
        let bucketName = bucketSeconds == 86_400 ? "day" : bucketSeconds == 3_600 ? "hour" : bucketSeconds == 60 ? "minute"
            : "\(Int(scale)) \(unit)"
        let since = Self.iso(start)
        func xs(_ values: [Double]) -> [(x: Double, y: Double)] { values.enumerated().map { (Double($0.offset) * scale, $0.element) } }
        func lines(_ byName: [String: [Double]], limit: Int = 8) -> [ChartSeries] {
            // The busiest first; the rest would be unreadable.
            byName.sorted { ($0.value.reduce(0, +), $1.key) > ($1.value.reduce(0, +), $0.key) }.prefix(limit)
                .map { ChartSeries(name: $0.key, points: xs($0.value), style: .linePoints) }
        }
        let x = ChartAxis("\(unit) since \(since)")
        var sections: [ReportSection] = []
        let overview = ReportTable(
            title: "The request log", headers: ["requests", "errors", "spend (USD)", "from", "to", "source"],
            rows: [[String(requests), String(errors), String(format: "%.6f", spendUSD), since, Self.iso(end), source]])
        sections.append(ReportSection(
            heading: "Traffic and spend", paragraph: "Requests and spend per \(bucketName), by the model clients asked for and by virtual key.",
            blocks: [
                .table(overview),
                .lineChart(LineChart(title: "Requests by model", x: x, y: ChartAxis("requests"), series: lines(requestsByModel))),
                .lineChart(LineChart(title: "Spend by model", x: x, y: ChartAxis("USD", format: .dollars), series: lines(spendByModel))),
                .lineChart(LineChart(title: "Requests by key", x: x, y: ChartAxis("requests"), series: lines(requestsByKey))),
                .lineChart(LineChart(title: "Spend by key", x: x, y: ChartAxis("USD", format: .dollars), series: lines(spendByKey))),
            ]))
        var tiers: [ReportBlock] = []
        for model in tierShare.keys.sorted() {
            tiers.append(.lineChart(LineChart(
                title: "\(model): share of requests per tier", x: x, y: ChartAxis("share", format: .percent, range: 0...1),
                series: lines(tierShare[model] ?? [:]))))
        }
        tiers.append(.lineChart(LineChart(
            title: "Retries and fallbacks", x: x, y: ChartAxis("share of requests", format: .percent),
            series: [ChartSeries(name: "retried", points: xs(retryRate), style: .linePoints),
                     ChartSeries(name: "answered by a fallback", points: xs(fallbackRate), style: .linePoints)])))
        tiers.append(.table(ReportTable(
            title: "Latency per deployment (ms)", headers: ["deployment", "requests", "p50", "p90", "p99"],
            rows: latency.map { [$0.deployment, String($0.requests), String(format: "%.1f", $0.p50), String(format: "%.1f", $0.p90), String(format: "%.1f", $0.p99)] })))
        sections.append(ReportSection(heading: "Routing and reliability", paragraph: "Which tier answered routed requests, how often requests were retried or fell back, and how fast each deployment answered.", blocks: tiers))
        if !explorationShare.isEmpty || !meanReward.isEmpty {
            var learning: [ReportBlock] = []
            // Feedback is keyed "model · metric"; each learning model gets one chart with its
            // exploration share and the mean of every metric reported on it.
            let models = Set(explorationShare.keys).union(meanReward.keys.map { String($0.split(separator: " · ").first ?? "") })
            for model in models.sorted() {
                var series: [ChartSeries] = []
                if let e = explorationShare[model] { series.append(ChartSeries(name: "exploration share", points: xs(e), style: .linePoints)) }
                for key in meanReward.keys.sorted() where key.hasPrefix(model + " · ") {
                    let points = (meanReward[key] ?? []).enumerated().compactMap { i, v in v.map { (Double(i) * scale, $0) } }
                    series.append(ChartSeries(name: "mean " + key.dropFirst(model.count + 3), points: points, style: .linePoints))
                }
                learning.append(.lineChart(LineChart(title: "\(model): exploration and feedback", x: x, y: ChartAxis("share / mean value"), series: series)))
            }
            sections.append(ReportSection(heading: "Learning", paragraph: "Decisions that took an arm other than the most probable one, and the mean feedback of routed requests.", blocks: learning))
        }
        return sections
    }

    public static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}

/// One chart or table inside a `ReportSection`.
public enum ReportBlock: Sendable {
    case lineChart(LineChart)
    case barChart(BarChart)
    case table(ReportTable)
}

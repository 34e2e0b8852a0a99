/// One value axis of a chart: its title, how its numbers are written and, optionally, a fixed range.
public struct ChartAxis: Sendable, Equatable {
    /// The axis title, e.g. "Share of requests to the strong model".
    public var label: String
    public var format: ChartNumberFormat
    /// A fixed range in data units; `nil` fits the data and widens it to round ticks. A range of
    /// one value is padded as equal data would be; a range beyond ±1e100 is ignored.
    public var range: ClosedRange<Double>?

    public init(_ label: String, format: ChartNumberFormat = .plain, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.format = format
        self.range = range
    }
}

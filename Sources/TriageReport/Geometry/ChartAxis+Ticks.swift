extension ChartAxis {
    /// The axis's fixed range when it has a usable one, else `values` widened to round ticks.
    /// Bars pass `includingZero`, since a bar's length is read from zero.
    func tickScale(fitting values: [Double], includingZero: Bool = false) -> TickScale {
        if let range, isPlottable(range.lowerBound), isPlottable(range.upperBound) {
            return .within(range.lowerBound, range.upperBound)
        }
        let values = includingZero ? values + [0] : values
        return .covering(values.min() ?? 0, values.max() ?? 0)
    }
}

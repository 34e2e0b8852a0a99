extension BarSeries {
    /// The value for category `index`, or `nil` when the series is shorter.
    func value(at index: Int) -> Double? {
        values.indices.contains(index) ? values[index] : nil
    }

    /// The values that have a category, of `categoryCount`.
    func values(_ categoryCount: Int) -> ArraySlice<Double> {
        values.prefix(categoryCount)
    }
}

extension TickScale {
    /// The tick labels, in tick order.
    func labels(_ format: ChartNumberFormat) -> [String] {
        ticks.map { format.tick($0, decimals: decimals) }
    }
}

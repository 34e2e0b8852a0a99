extension ChartNumberFormat {
    /// A tick label; `decimals` are the places the tick step needs, so neighbouring ticks never
    /// print the same text.
    func tick(_ value: Double, decimals: Int) -> String {
        switch self {
        case .plain:
            NumberText.fixed(value, decimals: decimals, grouping: true)
        case .percent:
            NumberText.fixed(value * 100, decimals: max(0, decimals - 2)) + "%"
        case .dollars:
            dollars(value, decimals: decimals == 0 ? 0 : max(2, decimals))
        }
    }

    /// A single value, as in a tooltip: enough places to tell close values apart.
    func value(_ value: Double) -> String {
        switch self {
        case .plain:
            NumberText.trimmed(value, maxDecimals: 4, grouping: true)
        case .percent:
            NumberText.trimmed(value * 100, maxDecimals: 2) + "%"
        case .dollars:
            // Per-request costs are fractions of a cent; cents alone would show them as $0.00.
            abs(value) >= 0.01 || value == 0
                ? dollars(value, NumberText.fixed(abs(value), decimals: 2, grouping: true))
                : dollars(value, NumberText.trimmed(abs(value), maxDecimals: 6))
        }
    }

    private func dollars(_ value: Double, decimals: Int) -> String {
        dollars(value, NumberText.fixed(abs(value), decimals: decimals, grouping: true))
    }

    private func dollars(_ value: Double, _ magnitude: String) -> String {
        let isZero = magnitude.allSatisfy { $0 == "0" || $0 == "." || $0 == "," }
        return (value < 0 && !isZero ? "-$" : "$") + magnitude
    }
}

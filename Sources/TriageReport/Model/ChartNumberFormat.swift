/// How axis ticks and values of a chart are written.
public enum ChartNumberFormat: Sendable, Equatable {
    /// Plain numbers with thousands grouping: `1,250`, `0.42`.
    case plain
    /// Fractions written as percentages: 0.42 → `42%`.
    case percent
    /// US dollars: `$0.25`, `$1,200`.
    case dollars
}

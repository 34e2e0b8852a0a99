/// How a limit behaves while the store that makes it exact across replicas is unreachable.
public enum StoreOutageMode: String, Sendable, Equatable, CaseIterable {
    /// Refuse what the limit would have checked.
    case closed
    /// Let it through (budgets count the cost once the store is back; rate limits fall back to
    /// this replica's own windows).
    case open
}

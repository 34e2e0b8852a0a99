/// Where a deployment's price comes from: its config, the shipped table, or nowhere (free).
public enum PriceOrigin: Sendable, Equatable {
    case configured
    /// The config named none; `PriceTable` knew the model.
    case table(provider: String, asOf: String)
    /// The config named none and the table does not know the model: billed as free.
    case unknown

    /// How `/v1/models` and `triage config check` name it.
    public var label: String {
        switch self {
        case .configured: "config"
        case .table(let provider, let asOf): "price table (\(provider) list price, \(asOf))"
        case .unknown: "none (free)"
        }
    }
}

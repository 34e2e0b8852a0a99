/// What a budget or a rate limit is counted against.
public enum GovernanceScope: Sendable, Hashable, CustomStringConvertible {
    /// Everything the gateway spends.
    case proxy
    /// One virtual key, by token.
    case key(String)
    case team(String)
    /// One model group.
    case model(String)

    /// How a denial names it: `the key 'ci-bot'`, `the team 'search'`, `the model 'frontier'`.
    public var description: String {
        switch self {
        case .proxy: "the gateway"
        case .key(let token): "the key \(token.prefix(12))…"
        case .team(let id): "the team '\(id)'"
        case .model(let group): "the model '\(group)'"
        }
    }
}

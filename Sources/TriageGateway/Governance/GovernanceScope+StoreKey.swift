extension GovernanceScope {
    /// How the shared store names the scope: `proxy`, `key:<token>`, `team:<id>`, `model:<group>`.
    var storeKey: String {
        switch self {
        case .proxy: "proxy"
        case .key(let token): "key:" + token
        case .team(let id): "team:" + id
        case .model(let group): "model:" + group
        }
    }
}

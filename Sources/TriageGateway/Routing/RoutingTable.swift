import TriageCore
import TriageSchema

/// The runtimes of a config's routed models, by name.
struct RoutingTable: Sendable {
    private let runtimes: [String: RoutedModelRuntime]

    static let empty = RoutingTable(runtimes: [:])

    private init(runtimes: [String: RoutedModelRuntime]) {
        self.runtimes = runtimes
    }

    /// Loads every routed model of `config`, collecting all problems before throwing.
    /// - Parameters:
    ///   - previous: the table being replaced, whose share controllers carry over.
    ///   - storedArms: the learning models' saved bandit arms, by routed model and group.
    init(config: GatewayConfig, previous: RoutingTable = .empty, storedArms: [String: [String: LinearArmStatistics]] = [:]) throws(ConfigError) {
        var runtimes: [String: RoutedModelRuntime] = [:]
        var issues: [ConfigIssue] = []
        for (i, model) in config.routedModels.enumerated() {
            do {
                runtimes[model.name] = try RoutedModelRuntime(
                    model, at: ConfigPath.root / "routed_models" / i, previous: previous.runtimes[model.name], storedArms: storedArms[model.name] ?? [:])
            } catch {
                issues.append(contentsOf: error.issues)
            }
        }
        guard issues.isEmpty else { throw ConfigError(issues) }
        self.runtimes = runtimes
    }

    subscript(name: String) -> RoutedModelRuntime? { runtimes[name] }
}

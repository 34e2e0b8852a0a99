import Foundation
import Synchronization
import TriageSchema

/// The configuration the gateway serves, replaceable while it runs (SIGHUP).
///
/// Each request reads the configuration once when it starts and keeps that snapshot, so a
/// reload never changes a request in flight; a lock around one pointer costs less per
/// request than an actor hop. The routed models' runtimes (loaded router and verifier files,
/// share controllers) are swapped together with the configuration that names them.
public final class GatewayState: Sendable {
    private let served: Mutex<(config: GatewayConfig, routing: RoutingTable)>
    /// Where `env:NAME` secrets of the gateway itself (the master key) are looked up.
    public let environment: [String: String]
    /// The request log, which also keeps the bandits' statistics; nil when telemetry is off.
    public let telemetry: SQLiteTelemetryStore?

    /// Loads the config's router and verifier files; a missing file or an unknown router
    /// head is an error at its config path.
    public init(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment, telemetry: SQLiteTelemetryStore? = nil
    ) throws(ConfigError) {
        // Configs built in code (tests, the LiteLLM importer) get the same checks as files.
        try config.validate()
        served = Mutex((config, try RoutingTable(config: config, store: telemetry)))
        self.environment = environment
        self.telemetry = telemetry
    }

    /// The configuration new requests see.
    public var current: GatewayConfig { served.withLock { $0.config } }

    /// The configuration and its routed models, read together.
    var snapshot: (config: GatewayConfig, routing: RoutingTable) { served.withLock { $0 } }

    public func replace(with new: GatewayConfig) throws(ConfigError) {
        try new.validate()
        let routing = try RoutingTable(config: new, previous: snapshot.routing, store: telemetry)
        served.withLock { $0 = (new, routing) }
    }

    /// Re-reads `path` and swaps it in when valid; an invalid file leaves the old configuration
    /// serving and comes back as the error, every problem named by its JSON path.
    public func reload(contentsOf path: String, environment: [String: String]) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError([ConfigIssue(at: ConfigPath(), "cannot read \(path)")])
        }
        let new = try GatewayConfig.decode(json: data)
        let missing = new.secretIssues(environment: environment)
        guard missing.isEmpty else { throw ConfigError(missing) }
        try replace(with: new)
    }
}

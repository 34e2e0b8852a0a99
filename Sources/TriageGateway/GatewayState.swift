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
    /// Virtual keys, budgets, rate limits and the spend ledger.
    public let governance: Governance

    /// Loads the config's router and verifier files; a missing file or an unknown router
    /// head is an error at its config path.
    /// - Parameter governance: keys and spend; by default kept in the telemetry file (in
    ///   memory when telemetry is off).
    public init(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment, telemetry: SQLiteTelemetryStore? = nil,
        governance: Governance? = nil
    ) throws(ConfigError) {
        // Configs built in code (tests, the LiteLLM importer) get the same checks as files.
        try config.validate()
        served = Mutex((config, try RoutingTable(config: config, store: telemetry)))
        self.environment = environment
        self.telemetry = telemetry
        if let governance {
            self.governance = governance
        } else {
            let path = telemetry?.path ?? ":memory:"
            do throws(SQLiteError) {
                self.governance = try Governance(path: path)
            } catch {
                throw ConfigError([ConfigIssue(at: ConfigPath.root / "telemetry" / "path", "cannot open the key and spend store: \(error)")])
            }
        }
        self.governance.apply(config)
    }

    /// The admin key: `server.master_key`, else the `TRIAGE_MASTER_KEY` environment variable.
    public enum MasterKey: Sendable, Equatable {
        /// None configured: the model API is open and the admin API refuses everyone.
        case none
        case key(String)
        /// Configured but its variable is missing (refused at start and on reload; fail closed).
        case unavailable
    }

    public var masterKey: MasterKey {
        if let reference = current.server.masterKey {
            guard let key = try? reference.resolve(in: environment), !key.isEmpty else { return .unavailable }
            return .key(key)
        }
        if let key = environment["TRIAGE_MASTER_KEY"], !key.isEmpty { return .key(key) }
        return .none
    }

    /// The configuration new requests see.
    public var current: GatewayConfig { served.withLock { $0.config } }

    /// The configuration and its routed models, read together.
    var snapshot: (config: GatewayConfig, routing: RoutingTable) { served.withLock { $0 } }

    public func replace(with new: GatewayConfig) throws(ConfigError) {
        try new.validate()
        let routing = try RoutingTable(config: new, previous: snapshot.routing, store: telemetry)
        served.withLock { $0 = (new, routing) }
        governance.apply(new)
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

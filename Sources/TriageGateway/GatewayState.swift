import Foundation
import Synchronization
import TriageCore
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
    public let telemetry: (any TelemetryStore)?
    /// Virtual keys, budgets, rate limits and the spend ledger.
    public let governance: Governance
    /// Residency-violating hops, for compliance (`governance.residency_audit_path`; fixed at start).
    public let residencyAudit: ResidencyAuditLog
    /// With a store shared by replicas: reads the bandits' merged totals back every refresh
    /// interval, so each replica routes on what all of them learned.
    private let banditRefresh = Mutex<Task<Void, Never>?>(nil)

    /// Loads the config's router and verifier files and the learning models' saved arms; a
    /// missing file or an unknown router head is an error at its config path.
    /// - Parameter governance: keys and spend (`Governance(stores:)` for the config's store);
    ///   by default kept beside an SQLite request log, in its file, or in memory without one.
    public init(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment, telemetry: (any TelemetryStore)? = nil,
        governance: Governance? = nil
    ) async throws(ConfigError) {
        // Configs built in code (tests, the LiteLLM importer) get the same checks as files.
        try config.validate()
        let arms = await Self.storedArms(of: config, in: telemetry)
        served = Mutex((config, try RoutingTable(config: config, storedArms: arms)))
        self.environment = environment
        self.telemetry = telemetry
        do {
            residencyAudit = try ResidencyAuditLog(path: config.governance.residencyAuditPath)
        } catch {
            throw ConfigError([ConfigIssue(at: ConfigPath.root / "governance" / "residency_audit_path", "cannot be opened for appending: \(error.localizedDescription)")])
        }
        if let governance {
            self.governance = governance
        } else {
            let path = (telemetry as? SQLiteTelemetryStore)?.path ?? ":memory:"
            do throws(StoreError) {
                self.governance = try await Governance(path: path)
            } catch {
                throw ConfigError([ConfigIssue(at: ConfigPath.root / "telemetry" / "path", "cannot open the key and spend store: \(error)")])
            }
        }
        await self.governance.apply(config)
        if let telemetry, case .postgres(let settings)? = config.store {
            banditRefresh.withLock { $0 = Self.refreshBandits(of: self, from: telemetry, every: settings.refreshInterval) }
        }
    }

    deinit {
        banditRefresh.withLock { $0?.cancel() }
    }

    private static func refreshBandits(of state: GatewayState, from store: any TelemetryStore, every interval: Duration) -> Task<Void, Never> {
        Task { [weak state] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let state else { return }
                let (config, routing) = state.snapshot
                for model in config.routedModels where model.learning != nil {
                    await routing[model.name]?.bandit?.refresh(routedModel: model.name, from: store)
                }
            }
        }
    }

    /// The saved bandit arms of the config's learning models, by routed model. A store that
    /// cannot be read starts them afresh: learning is not worth refusing to serve.
    private static func storedArms(of config: GatewayConfig, in store: (any TelemetryStore)?) async -> [String: [String: LinearArmStatistics]] {
        guard let store else { return [:] }
        var arms: [String: [String: LinearArmStatistics]] = [:]
        for model in config.routedModels where model.learning != nil {
            arms[model.name] = (try? await store.loadArms(routedModel: model.name)) ?? [:]
        }
        return arms
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

    /// Serves `new` from now on. The store stays the one opened at start: a config naming
    /// another is refused (a restart moves the gateway to it), not silently half-applied.
    public func replace(with new: GatewayConfig) async throws(ConfigError) {
        try new.validate()
        if new.effectiveStore != current.effectiveStore {
            let path = new.store == nil && current.store == nil ? ConfigPath.root / "telemetry" / "path" : ConfigPath.root / "store"
            throw ConfigError([.invalid(path, "names another store than the one the gateway opened at start; restart to move to it")])
        }
        let arms = await Self.storedArms(of: new, in: telemetry)
        let routing = try RoutingTable(config: new, previous: snapshot.routing, storedArms: arms)
        served.withLock { $0 = (new, routing) }
        await governance.apply(new)
    }

    /// Re-reads `path` and swaps it in when valid; an invalid file leaves the old configuration
    /// serving and comes back as the error, every problem named by its JSON path.
    public func reload(contentsOf path: String, environment: [String: String]) async throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError([ConfigIssue(at: ConfigPath(), "cannot read \(path)")])
        }
        let new = try GatewayConfig.decode(json: data)
        let missing = new.secretIssues(environment: environment)
        guard missing.isEmpty else { throw ConfigError(missing) }
        try await replace(with: new)
    }
}

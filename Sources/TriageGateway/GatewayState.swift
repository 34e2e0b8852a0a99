import Foundation
import Synchronization
import TriageSchema

/// The configuration the gateway serves, replaceable while it runs (SIGHUP).
///
/// Each request reads the configuration once when it starts and keeps that snapshot, so a
/// reload never changes a request in flight; a lock around one pointer costs less per
/// request than an actor hop.
public final class GatewayState: Sendable {
    private let config: Mutex<GatewayConfig>
    /// Where `env:NAME` secrets of the gateway itself (the master key) are looked up.
    public let environment: [String: String]

    public init(config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = Mutex(config)
        self.environment = environment
    }

    /// The configuration new requests see.
    public var current: GatewayConfig { config.withLock { $0 } }

    public func replace(with new: GatewayConfig) {
        config.withLock { $0 = new }
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
        replace(with: new)
    }
}

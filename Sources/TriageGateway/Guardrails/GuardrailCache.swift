import Synchronization
import TriageSchema

/// Built chains by their sources, so each config's (and each key's) patterns compile once,
/// not per request. Emptied when it grows past `limit`, which bounds it across config reloads
/// and many keys.
final class GuardrailCache: Sendable {
    private let chains = Mutex<[[GuardrailChain.Source]: GuardrailChain]>([:])
    private let metadata = Mutex<[JSONValue: Result<GuardrailSettings, ConfigError>]>([:])
    private let limit: Int

    init(limit: Int = 512) {
        self.limit = limit
    }

    func chain(_ sources: [GuardrailChain.Source]) -> GuardrailChain {
        if let chain = chains.withLock({ $0[sources] }) { return chain }
        // Built outside the lock: compiling patterns may take a while, and a race only builds twice.
        let chain = GuardrailChain(sources)
        chains.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[sources] = chain
        }
        return chain
    }

    /// A key's or team's `metadata.guardrails` read (and its patterns checked) once per distinct value.
    func metadataSettings(_ value: JSONValue) -> Result<GuardrailSettings, ConfigError> {
        if let settings = metadata.withLock({ $0[value] }) { return settings }
        let settings: Result<GuardrailSettings, ConfigError>
        do throws(ConfigError) {
            settings = .success(try GuardrailSettings.decode(value, at: ConfigPath([.key("metadata"), .key("guardrails")])))
        } catch {
            settings = .failure(error)
        }
        metadata.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[value] = settings
        }
        return settings
    }
}

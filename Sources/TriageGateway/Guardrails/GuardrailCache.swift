import Synchronization
import TriageSchema

/// Built chains by their sources, so each config's (and each key's) patterns compile once,
/// not per request. Each table is emptied when it grows past `limit`, which bounds it across
/// config reloads and many keys.
final class GuardrailCache: Sendable {
    private let chains = Mutex<[[GuardrailChain.Source]: GuardrailChain]>([:])
    private let metadata = Mutex<[JSONValue: Result<GuardrailSettings, ConfigError>]>([:])
    private let limit: Int

    init(limit: Int = 512) {
        self.limit = limit
    }

    func chain(_ sources: [GuardrailChain.Source]) -> GuardrailChain {
        remembered(sources, in: chains) { GuardrailChain(sources) }
    }

    /// A key's or team's `metadata.guardrails` read (and its patterns checked) once per distinct value.
    func metadataSettings(_ value: JSONValue) -> Result<GuardrailSettings, ConfigError> {
        remembered(value, in: metadata) { () -> Result<GuardrailSettings, ConfigError> in
            do throws(ConfigError) {
                return .success(try GuardrailSettings.decode(value, at: ConfigPath([.key("metadata"), .key("guardrails")])))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The value under `key`, built and kept on a miss. Built outside the lock: compiling
    /// patterns may take a while, and a race only builds twice.
    private func remembered<Key: Hashable & Sendable, Value: Sendable>(
        _ key: Key, in table: borrowing Mutex<[Key: Value]>, build: () -> Value
    ) -> Value {
        if let value = table.withLock({ $0[key] }) { return value }
        let value = build()
        table.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[key] = value
        }
        return value
    }
}

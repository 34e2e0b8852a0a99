/// Who a request comes from, as the API key it presented says.
public enum Principal: Sendable, Equatable {
    /// No master key is configured and no virtual key was presented: the open embedded default.
    case anonymous
    /// The master key: the admin API, and the model API without key limits.
    case master
    /// A virtual key, and its team's settings when it has one.
    case key(VirtualKey, Team?)

    /// Whether the key's model list, and its team's, allow `model` (always, for the rest).
    public func mayCall(_ model: String) -> Bool {
        guard case let .key(key, team) = self else { return true }
        return (key.models.isEmpty || key.models.contains(model)) && (team.map { $0.models.isEmpty || $0.models.contains(model) } ?? true)
    }
}

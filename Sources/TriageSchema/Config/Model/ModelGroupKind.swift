/// Which endpoint a group serves; a group never mixes the two.
public enum ModelGroupKind: String, Sendable, Equatable, CaseIterable {
    /// `/v1/chat/completions`.
    case chat
    /// `/v1/embeddings`.
    case embedding
}

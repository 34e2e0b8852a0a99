extension Principal {
    /// Who owns a request's cache entries: the key's token (already a digest of its secret),
    /// or the master or anonymous caller as a whole.
    var cacheIdentity: String {
        switch self {
        case .anonymous: "anonymous"
        case .master: "master"
        case .key(let key, _): "key:" + key.token
        }
    }
}

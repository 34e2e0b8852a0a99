import TriageSchema

/// One request's use of its group's cache: the entry it reads and writes, and what its
/// `cache` member and `cache-control` header allow.
struct CacheEntryUse: Sendable {
    /// The group the client asked for, whose shelf holds the entry (whichever group answers).
    let group: String
    let key: ResponseCacheKey
    let settings: ResponseCacheSettings
    /// No `no-cache`: a fresh entry may answer.
    let mayRead: Bool
    /// No `no-store`: a successful answer is kept.
    let mayStore: Bool

    /// Nil when the group has no cache.
    init?(_ chat: ChatCompletionRequest, principal: Principal, group: ModelGroup) {
        guard let settings = group.cache else { return nil }
        self.settings = settings
        self.group = group.name
        key = ResponseCacheKey(chat, group: group.name, identity: settings.sharedAcrossKeys ? nil : principal.cacheIdentity)
        mayRead = !chat.cache.noCache
        mayStore = !chat.cache.noStore
    }
}

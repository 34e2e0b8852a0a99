/// A group's exact-match response cache: a request whose group, messages and sampling
/// parameters (and, unless shared, key) match a stored successful answer gets that answer back
/// without an upstream call and without cost. Held in memory, bounded by entries and bytes.
public struct ResponseCacheSettings: Sendable, Equatable {
    /// How long an answer is served as fresh. An expired entry stays (until the bounds evict
    /// it) so a last-resort tier can still serve it as stale.
    public var ttl: Duration
    /// At most this many answers; the least recently used go first.
    public var maxEntries: Int
    /// At most this many bytes of stored answers and keys.
    public var maxBytes: Int
    /// Whether every key sees the same entries. Off: a key only ever gets answers to its own
    /// requests, so a prompt never leaks to another tenant through the cache.
    public var sharedAcrossKeys: Bool

    public init(ttl: Duration = .seconds(300), maxEntries: Int = 1_000, maxBytes: Int = 16 << 20, sharedAcrossKeys: Bool = false) {
        self.ttl = ttl
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.sharedAcrossKeys = sharedAcrossKeys
    }
}

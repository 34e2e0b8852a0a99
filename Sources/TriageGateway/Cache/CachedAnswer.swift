import NIOCore

/// One stored answer: the body exactly as the client first received it, and where it came from.
struct CachedAnswer: Sendable {
    /// The `chat.completion` JSON.
    var body: ByteBuffer
    /// The deployment that answered, for `x-triage-model` on a hit.
    var deployment: String
    /// When it was stored, on the cache's clock.
    var storedAt: ContinuousClock.Instant

    /// What it counts against `max_bytes`: its body and its key (the dictionary's overhead,
    /// a few dozen bytes an entry, is left to `max_entries` to bound).
    func bytes(key: ResponseCacheKey) -> Int { body.readableBytes + key.digest.utf8.count }
}

/// One group's entries in least-recently-used order, held within the group's bounds.
///
/// A dictionary for lookup and a doubly linked list threaded through it by key for the order,
/// so a hit, an insert and an eviction each cost O(1).
struct CacheShelf {
    private struct Node {
        var answer: CachedAnswer
        var bytes: Int
        var older: ResponseCacheKey?
        var newer: ResponseCacheKey?
    }

    private var nodes: [ResponseCacheKey: Node] = [:]
    private var newest: ResponseCacheKey?
    private var oldest: ResponseCacheKey?
    private(set) var bytes = 0

    var count: Int { nodes.count }

    /// The answer under `key`, now the most recently used.
    mutating func use(_ key: ResponseCacheKey) -> CachedAnswer? {
        guard let node = nodes[key] else { return nil }
        unlink(key)
        link(key, node)
        return node.answer
    }

    /// Stores `answer` as the most recently used, then evicts the least recently used until
    /// both bounds hold. An answer larger than `maxBytes` alone is not stored.
    mutating func insert(_ answer: CachedAnswer, key: ResponseCacheKey, maxEntries: Int, maxBytes: Int) {
        let size = answer.bytes(key: key)
        if nodes[key] != nil { remove(key) }
        guard size <= maxBytes else { return }
        link(key, Node(answer: answer, bytes: size))
        bytes += size
        trim(maxEntries: maxEntries, maxBytes: maxBytes)
    }

    /// Evicts the least recently used until at most `maxEntries` and `maxBytes` remain.
    mutating func trim(maxEntries: Int, maxBytes: Int) {
        while nodes.count > maxEntries || bytes > maxBytes, let victim = oldest {
            remove(victim)
        }
    }

    private mutating func remove(_ key: ResponseCacheKey) {
        guard let node = nodes[key] else { return }
        unlink(key)
        bytes -= node.bytes
    }

    /// Puts `key` at the newest end.
    private mutating func link(_ key: ResponseCacheKey, _ node: Node) {
        var node = node
        node.older = newest
        node.newer = nil
        if let newest { nodes[newest]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
        nodes[key] = node
    }

    /// Takes `key` out of the list and the dictionary.
    private mutating func unlink(_ key: ResponseCacheKey) {
        guard let node = nodes.removeValue(forKey: key) else { return }
        if let older = node.older { nodes[older]?.newer = node.newer } else { oldest = node.newer }
        if let newer = node.newer { nodes[newer]?.older = node.older } else { newest = node.older }
    }
}

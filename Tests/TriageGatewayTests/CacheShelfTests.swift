import Hummingbird
import Testing
@testable import TriageGateway
import TriageSchema

/// One group's LRU shelf on its own: both bounds, and the order a hit refreshes.
@Suite struct CacheShelfTests {
    static func key(_ name: String) throws -> ResponseCacheKey {
        let body = try JSONValue(parsing: #"{"model":"m","messages":[{"role":"user","content":"\#(name)"}]}"#)
        return ResponseCacheKey(try ChatCompletionRequest(json: body), group: "g", identity: nil)
    }

    static func answer(bytes: Int) -> CachedAnswer {
        CachedAnswer(body: ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: "x"), count: bytes)), deployment: "d", storedAt: .now)
    }

    @Test func evictsByBytesLeastRecentlyUsedFirst() throws {
        var shelf = CacheShelf()
        let (a, b, c) = (try Self.key("a"), try Self.key("b"), try Self.key("c"))
        let size = Self.answer(bytes: 100).bytes(key: a)  // 100 bytes of body and 64 of digest
        for k in [a, b] { shelf.insert(Self.answer(bytes: 100), key: k, maxEntries: 10, maxBytes: 2 * size) }
        #expect(shelf.count == 2)
        #expect(shelf.bytes == 2 * size)
        #expect(shelf.use(a) != nil)
        shelf.insert(Self.answer(bytes: 100), key: c, maxEntries: 10, maxBytes: 2 * size)
        #expect(shelf.use(b) == nil, "b was the least recently used")
        #expect(shelf.use(a) != nil && shelf.use(c) != nil)
        shelf.insert(Self.answer(bytes: 1_000), key: b, maxEntries: 10, maxBytes: 2 * size)
        #expect(shelf.use(b) == nil, "an answer larger than the bound is not stored")
        #expect(shelf.count == 2, "and evicts nothing")
    }

    @Test func evictsByEntriesAndReplacesInPlace() throws {
        var shelf = CacheShelf()
        let keys = try (0..<5).map { try Self.key("p\($0)") }
        for k in keys { shelf.insert(Self.answer(bytes: 10), key: k, maxEntries: 3, maxBytes: 1 << 20) }
        #expect(shelf.count == 3)
        #expect(keys.prefix(2).allSatisfy { shelf.use($0) == nil })
        shelf.insert(Self.answer(bytes: 20), key: keys[4], maxEntries: 3, maxBytes: 1 << 20)
        #expect(shelf.count == 3, "storing the same key again replaces the entry")
        #expect(shelf.bytes == 10 + 10 + 20 + 3 * 64)
    }

    @Test func theKeyIgnoresDeliveryAndCountsSampling() throws {
        func key(_ body: String, identity: String? = nil) throws -> ResponseCacheKey {
            ResponseCacheKey(try ChatCompletionRequest(json: try JSONValue(parsing: body)), group: "g", identity: identity)
        }
        let base = try key(#"{"model":"a","messages":[{"role":"user","content":"hi"}],"temperature":0.5}"#)
        #expect(try key(#"{"temperature":0.5,"stream":true,"user":"u","model":"b","messages":[{"content":"hi","role":"user"}]}"#) == base)
        #expect(try key(#"{"model":"a","messages":[{"role":"user","content":"hi"}],"temperature":0.6}"#) != base)
        #expect(try key(#"{"model":"a","messages":[{"role":"user","content":"hi"}],"temperature":0.5,"seed":1}"#) != base)
        #expect(try key(#"{"model":"a","messages":[{"role":"user","content":"hi"}],"temperature":0.5}"#, identity: "k") != base)
    }
}

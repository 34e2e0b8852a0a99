/// The body's gateway-only `cache` object, or the `cache-control` header: how a request uses
/// its group's response cache.
///
///     {"no-cache": true}   do not answer from the cache (the fresh answer may still be stored)
///     {"no-store": true}   do not store this answer
///
/// Unknown members are refused, as for `triage`: an opt-out that silently did nothing would
/// hand the client an answer it asked not to get.
public struct CacheDirective: Sendable, Equatable {
    public var noCache: Bool
    public var noStore: Bool

    public static let members = ["no-cache", "no-store"]

    public init(noCache: Bool = false, noStore: Bool = false) {
        self.noCache = noCache
        self.noStore = noStore
    }

    init(_ r: FieldReader) throws(RequestValidationError) {
        try r.refuseUnknownMembers(Self.members)
        noCache = try r.bool("no-cache") ?? false
        noStore = try r.bool("no-store") ?? false
    }

    /// The directives of a `cache-control` header value (`no-cache`, `no-store`, comma-separated;
    /// others such as `max-age` are ignored) added to these.
    public func adding(cacheControl value: String) -> CacheDirective {
        var out = self
        for token in value.split(separator: ",") {
            switch String(token.filter { $0 != " " && $0 != "\t" }).lowercased() {
            case "no-cache": out.noCache = true
            case "no-store": out.noStore = true
            default: continue
            }
        }
        return out
    }
}

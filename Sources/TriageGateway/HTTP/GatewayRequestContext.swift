import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the client's channel, so a stream can tell that
/// its client went away while the upstream is silent (see `StreamRelay`), and who sent it.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel
    /// Who sent the request, as its API key says; set by `APIKeyMiddleware`.
    public var principal: Principal = .anonymous

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

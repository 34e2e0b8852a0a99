import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the client's channel, so a stream can tell that
/// its client went away while the upstream is silent (see `StreamRelay`).
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

import NIOCore

/// Closes a connection as soon as its client closes its side.
///
/// Hummingbird allows half-closed connections, so a client that hung up leaves the channel
/// "active" until the gateway next writes, and a request waiting on a slow upstream would go
/// on spending for nobody. A gateway client that sends FIN has gone (nginx treats it the same
/// way, answering 499); closing makes the departure visible to `ClientWatch` and the stream
/// relay, which cancel the upstream work. The cost: a client that half-closes on purpose and
/// then waits for its answer is not served, which HTTP/1.1 clients do not do in practice.
final class ClientHangupHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}

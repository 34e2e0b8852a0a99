import NIOCore
import TriageSchema

/// Re-emits an upstream stream from a task the client watch can cancel.
///
/// A client that leaves is otherwise noticed only when the next chunk fails to write; a model
/// that thinks silently for a minute would go on generating, and billing, for nobody. Once
/// the watch sees the connection closed it cancels the relay, and ending the upstream stream
/// cancels its producer, and with it the HTTP request.
enum StreamRelay {
    static func relay(
        _ upstream: AsyncThrowingStream<ChatCompletionChunk, any Error>, watch: ClientWatch, channel: any Channel
    ) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        // A connection that was never active is an in-process test channel: nothing to watch.
        guard channel.isActive else { return upstream }
        return AsyncThrowingStream { continuation in
            let forwarding = Task {
                do {
                    for try await chunk in upstream { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let id = watch.register(channel) { forwarding.cancel() }
            continuation.onTermination = { _ in
                forwarding.cancel()
                watch.unregister(id)
            }
        }
    }
}

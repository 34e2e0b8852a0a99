import TriageSchema

/// Re-emits an upstream stream while the client is still connected.
///
/// A client that leaves is otherwise noticed only when the next chunk fails to write; a model
/// that thinks silently for a minute would go on generating, and billing, for nobody. The
/// relay checks the connection every `interval` and, once it is gone, cancels the upstream
/// call (ending the upstream stream cancels its producer, and with it the HTTP request).
enum StreamRelay {
    static func relay(
        _ upstream: AsyncThrowingStream<ChatCompletionChunk, any Error>,
        checkEvery interval: Duration = .seconds(1),
        whileConnected isConnected: @escaping @Sendable () -> Bool
    ) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        AsyncThrowingStream { continuation in
            let forwarding = Task {
                do {
                    for try await chunk in upstream { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let watching = Task {
                while !forwarding.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    if !isConnected() {
                        forwarding.cancel()
                        return
                    }
                }
            }
            continuation.onTermination = { _ in
                forwarding.cancel()
                watching.cancel()
            }
        }
    }
}

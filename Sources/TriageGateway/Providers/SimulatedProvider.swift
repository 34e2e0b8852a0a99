import Foundation
import Synchronization
import TriageCore
import TriageSchema

/// The built-in provider with no network: latency, time to first token, tokens per second,
/// answer quality and faults all come from the deployment's `sim` settings. It serves the
/// demo, the tests and the benchmarks.
public final class SimulatedProvider: ChatProvider {
    private let generator: Mutex<SplitMix64>

    /// `seed` fixes every draw (latencies, faults, answers) for a given order of calls.
    public init(seed: UInt64 = 0x7269_6167_65) {
        generator = Mutex(SplitMix64(seed: seed))
    }

    private enum Fault { case rateLimit, serverError, unavailable, timeout, connectionReset, malformedJSON, contextWindow }

    /// Everything random about one call, drawn at once under the lock.
    private struct Draw {
        var fault: Fault?
        var latency: Duration
        var answer: (text: String, outcome: SimulatedAnswerer.Outcome)
    }

    private func draw(_ s: SimulatedProviderSettings, prompt: String) -> Draw {
        generator.withLock { g in
            let u = Double.random(in: 0..<1, using: &g)
            let f = s.faults
            let thresholds: [(Double, Fault)] = [
                (f.rateLimit, .rateLimit), (f.serverError, .serverError), (f.unavailable, .unavailable), (f.timeout, .timeout),
                (f.connectionReset, .connectionReset), (f.malformedJSON, .malformedJSON), (f.contextWindow, .contextWindow),
            ]
            var cumulative = 0.0
            var fault: Fault?
            for (rate, kind) in thresholds {
                cumulative += rate
                if u < cumulative { fault = kind; break }
            }
            var latency = s.latency.mean
            if let (mu, sigma) = s.latency.logNormalParameters {
                // Box–Muller on two uniforms: a log-normal latency with the configured mean and spread.
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &g), u2 = Double.random(in: 0..<1, using: &g)
                let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
                latency = .milliseconds(Foundation.exp(mu + sigma * z))
            }
            let answer = SimulatedAnswerer(quality: s.quality).answer(to: prompt, using: &g)
            return Draw(fault: fault, latency: latency, answer: answer)
        }
    }

    private func settings(_ deployment: Deployment) throws(UpstreamFailure) -> SimulatedProviderSettings {
        guard case let .sim(s) = deployment.provider else {
            throw .badRequest(status: 500, message: "deployment \(deployment.id) is not a simulated deployment")
        }
        return s
    }

    private static func failure(_ fault: Fault, _ s: SimulatedProviderSettings) -> UpstreamFailure? {
        switch fault {
        case .rateLimit: .rateLimited(retryAfter: s.faults.retryAfter)
        case .serverError: .serverError(status: 500, message: "simulated internal error")
        case .unavailable: .serverError(status: 503, message: "simulated overload")
        case .malformedJSON: .malformedResponse("simulated truncated JSON body")
        case .contextWindow: .contextWindowExceeded("simulated: prompt longer than the model's context window")
        case .timeout, .connectionReset: nil
        }
    }

    /// A simulated timeout: the upstream never answers; the attempt timer ends the wait.
    private static func hang() async throws(UpstreamFailure) -> Never {
        while true {
            do { try await Task.sleep(for: .seconds(3600)) } catch { throw .timeout("cancelled while waiting for the simulated upstream") }
        }
    }

    private static func sleep(_ d: Duration) async throws(UpstreamFailure) {
        do { try await Task.sleep(for: d) } catch { throw .connection("cancelled") }
    }

    public func complete(_ request: ChatCompletionRequest, deployment: Deployment) async throws(UpstreamFailure) -> ChatCompletion {
        let s = try settings(deployment)
        let d = draw(s, prompt: request.lastUserText)
        if let fault = d.fault {
            if fault == .timeout { try await Self.hang() }
            try await Self.sleep(d.latency / 4)
            if let failure = Self.failure(fault, s) { throw failure }
            throw .connection("simulated connection reset")
        }
        try await Self.sleep(d.latency)
        return ChatCompletion(
            id: "chatcmpl-sim-\(UUID().uuidString.prefix(12).lowercased())",
            created: Int(Date().timeIntervalSince1970), model: deployment.model,
            choices: [.init(index: 0, message: .init(content: d.answer.text), finishReason: .stop)],
            usage: Self.usage(request, d.answer.text)
        )
    }

    public func stream(_ request: ChatCompletionRequest, deployment: Deployment) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do throws(UpstreamFailure) {
                    let s = try settings(deployment)
                    let d = draw(s, prompt: request.lastUserText)
                    if let fault = d.fault, fault != .connectionReset {
                        if fault == .timeout { try await Self.hang() }
                        try await Self.sleep(s.ttft)
                        throw Self.failure(fault, s)!
                    }
                    try await Self.sleep(s.ttft)
                    let id = "chatcmpl-sim-\(UUID().uuidString.prefix(12).lowercased())"
                    let created = Int(Date().timeIntervalSince1970)
                    func chunk(_ delta: ChatCompletionChunk.Delta, _ finish: FinishReason? = nil) -> ChatCompletionChunk {
                        ChatCompletionChunk(id: id, created: created, model: deployment.model, choices: [.init(delta: delta, finishReason: finish)])
                    }
                    continuation.yield(chunk(.init(role: "assistant", content: "")))
                    let words = d.answer.text.split(separator: " ", omittingEmptySubsequences: false)
                    let perToken = s.tokensPerSecond > 0 ? Duration.seconds(1 / s.tokensPerSecond) : .zero
                    for (i, word) in words.enumerated() {
                        if d.fault == .connectionReset, i == words.count / 2 {
                            throw .connection("simulated connection reset mid-stream")
                        }
                        try await Self.sleep(perToken)
                        continuation.yield(chunk(.init(content: (i == 0 ? "" : " ") + word)))
                    }
                    continuation.yield(chunk(.init(), .stop))
                    continuation.yield(.usageChunk(id: id, created: created, model: deployment.model, usage: Self.usage(request, d.answer.text)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func usage(_ request: ChatCompletionRequest, _ text: String) -> Usage {
        let prompt = request.estimatedPromptTokens
        let completion = max(1, text.utf8.count / 4)
        return Usage(promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion)
    }
}

import Foundation
import Synchronization
import TriageCore
import TriageSchema

/// The built-in provider with no network: latency, time to first token, tokens per second,
/// answer quality and faults all come from the deployment's `sim` settings. It serves the
/// demo, the tests and the benchmarks.
///
/// Timing (Data/CONFIG.md): the first token arrives after the drawn latency plus `ttft`, then
/// tokens follow at `tokens_per_second` until `output_tokens` (or the request's max_tokens, if
/// smaller) have been sent; a non-streaming answer arrives when the last token would have.
/// A prompt longer than the deployment's `max_context_tokens` always gets a context-window error.
public final class SimulatedProvider: ChatProvider {
    private let generator: Mutex<SplitMix64>

    /// `seed` fixes every draw (latencies, faults, answers) for a given order of calls.
    public init(seed: UInt64 = 0x7269_6167_65) {
        generator = Mutex(SplitMix64(seed: seed))
    }

    enum Fault { case rateLimit, serverError, unavailable, timeout, connectionReset, malformedJSON, contextWindow }

    /// Everything random about one call, drawn at once under the lock.
    struct Draw {
        var fault: Fault?
        var latency: Duration
        var answer: (text: String, outcome: SimulatedAnswerer.Outcome)
    }

    func draw(_ s: SimulatedProviderSettings, prompt: String) -> Draw {
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

    func settings(_ deployment: Deployment) throws(UpstreamFailure) -> SimulatedProviderSettings {
        guard case let .sim(s) = deployment.provider else {
            throw .badRequest(status: 500, message: "deployment \(deployment.id) is not a simulated deployment")
        }
        return s
    }

    static func failure(_ fault: Fault, _ s: SimulatedProviderSettings) -> UpstreamFailure? {
        switch fault {
        case .rateLimit: .rateLimited(retryAfter: s.faults.retryAfter)
        case .serverError: .serverError(status: 500, message: "simulated internal error")
        case .unavailable: .serverError(status: 503, message: "simulated overload")
        case .malformedJSON: .malformedResponse("simulated truncated JSON body")
        case .contextWindow: .contextWindowExceeded("simulated: prompt longer than the model's context window")
        case .timeout, .connectionReset: nil
        }
    }

    /// A wait on the simulated clock that cannot outlast `deadline`: when the upstream would
    /// take longer, the call waits until the deadline and fails as a real call's timer would.
    static func sleep(_ d: Duration, before deadline: ContinuousClock.Instant) async throws(UpstreamFailure) {
        let wake = ContinuousClock.now + d
        do {
            try await Task.sleep(until: min(wake, deadline), clock: .continuous)
        } catch {
            throw .connection("cancelled")
        }
        if wake > deadline { throw .timeout("the simulated upstream did not answer in time") }
    }

    /// Plays out a drawn fault, or an oversized prompt, after the wait the upstream would take:
    /// a silent timeout hangs until the deadline, the others fail. A connection reset fails here
    /// too unless the caller cuts its stream midway itself.
    static func failIfFaulted(
        _ d: Draw, _ s: SimulatedProviderSettings, contextWindow: UpstreamFailure?, deadline: ContinuousClock.Instant,
        resetMidStream: Bool = false
    ) async throws(UpstreamFailure) {
        if let contextWindow {
            try await sleep(d.latency, before: deadline)
            throw contextWindow
        }
        guard let fault = d.fault, !(resetMidStream && fault == .connectionReset) else { return }
        if fault == .timeout {
            try await sleep(.seconds(86_400 * 365), before: deadline)
        }
        try await sleep(d.latency, before: deadline)
        throw failure(fault, s) ?? .connection("simulated connection reset")
    }

    public func complete(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> UpstreamAnswer {
        let deadline = ContinuousClock.now + timeout
        let s = try settings(deployment)
        let d = draw(s, prompt: request.lastUserText)
        try await Self.failIfFaulted(d, s, contextWindow: Self.contextWindowFailure(request, deployment), deadline: deadline)
        let tokens = Self.tokens(d.answer.text, s, request)
        try await Self.sleep(d.latency + s.ttft + Self.decodingTime(tokens.count, s), before: deadline)
        return UpstreamAnswer(ChatCompletion(
            id: "chatcmpl-sim-\(UUID().uuidString.prefix(12).lowercased())",
            created: Int(Date().timeIntervalSince1970), model: deployment.model,
            choices: [.init(index: 0, message: .init(content: tokens.joined(separator: " ")), finishReason: tokens.count < s.outputTokens ? .length : .stop)],
            usage: Self.usage(request, completionTokens: tokens.count)
        ))
    }

    public func stream(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        let deadline = ContinuousClock.now + timeout
        return AsyncThrowingStream { continuation in
            let task = Task {
                do throws(UpstreamFailure) {
                    let s = try settings(deployment)
                    let d = draw(s, prompt: request.lastUserText)
                    try await Self.failIfFaulted(
                        d, s, contextWindow: Self.contextWindowFailure(request, deployment), deadline: deadline, resetMidStream: true)
                    try await Self.sleep(d.latency + s.ttft, before: deadline)
                    let id = "chatcmpl-sim-\(UUID().uuidString.prefix(12).lowercased())"
                    let created = Int(Date().timeIntervalSince1970)
                    func chunk(_ delta: ChatCompletionChunk.Delta, _ finish: FinishReason? = nil) -> ChatCompletionChunk {
                        ChatCompletionChunk(id: id, created: created, model: deployment.model, choices: [.init(delta: delta, finishReason: finish)])
                    }
                    continuation.yield(chunk(.init(role: "assistant", content: "")))
                    let words = Self.tokens(d.answer.text, s, request)
                    let perToken = Self.decodingTime(1, s)
                    for (i, word) in words.enumerated() {
                        if d.fault == .connectionReset, i == words.count / 2 {
                            throw .connection("simulated connection reset mid-stream")
                        }
                        try await Self.sleep(perToken, before: deadline)
                        continuation.yield(chunk(.init(content: (i == 0 ? "" : " ") + word)))
                    }
                    continuation.yield(chunk(.init(), words.count < s.outputTokens ? .length : .stop))
                    continuation.yield(.usageChunk(id: id, created: created, model: deployment.model, usage: Self.usage(request, completionTokens: words.count)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The answer as tokens (one word each): the answer itself, then elaboration up to the
    /// configured length, so usage and cost look like a real model's.
    private static func tokens(_ answer: String, _ s: SimulatedProviderSettings, _ request: ChatCompletionRequest) -> [String] {
        let count = max(1, min(s.outputTokens, request.maxOutputTokens ?? .max))
        var words = answer.split(separator: " ").map(String.init)
        let filler = Self.elaboration.split(separator: " ").map(String.init)
        var i = 0
        while words.count < count { words.append(filler[i % filler.count]); i += 1 }
        return Array(words.prefix(count))
    }

    private static let elaboration = "To see why, consider the question from first principles: restate what is given, rule out the options that contradict it, and check the remaining one against each condition in turn."

    private static func usage(_ request: ChatCompletionRequest, completionTokens: Int) -> Usage {
        let prompt = request.estimatedPromptTokens
        return Usage(promptTokens: prompt, completionTokens: completionTokens, totalTokens: prompt + completionTokens)
    }

    private static func decodingTime(_ tokens: Int, _ s: SimulatedProviderSettings) -> Duration {
        s.tokensPerSecond > 0 ? .seconds(Double(tokens) / s.tokensPerSecond) : .zero
    }

    private static func contextWindowFailure(_ request: ChatCompletionRequest, _ deployment: Deployment) -> UpstreamFailure? {
        guard let limit = deployment.limits.maxContextTokens, request.estimatedPromptTokens > limit else { return nil }
        return .contextWindowExceeded("this model's maximum context length is \(limit) tokens; the prompt has about \(request.estimatedPromptTokens)")
    }
}

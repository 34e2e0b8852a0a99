import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Testing
import TriageCore
@testable import TriageGateway
import TriageSchema

/// Builders shared by the resilience suites: fast simulated deployments, groups, requests and
/// executors with an injected clock and a seeded random source.
enum ResilienceFixture {
    /// Generous: the full suite can stall for seconds while other targets block the pool.
    static let timeouts = Timeouts(total: .seconds(30), attempt: .seconds(10), ttft: .seconds(5))

    /// A simulated deployment answering after `latencyMs` (constant), with 8 fast tokens.
    static func sim(
        _ id: String, latencyMs: Int = 1, faults: SimulatedFaults = .none, weight: Double = 1, priority: Int = 0,
        price: Price = .free, limits: DeploymentLimits = DeploymentLimits(), timeouts: Timeouts = timeouts,
        tokensPerSecond: Double = 20_000, outputTokens: Int = 8
    ) -> Deployment {
        let settings = SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(latencyMs), standardDeviation: .zero), ttft: .zero,
            tokensPerSecond: tokensPerSecond, outputTokens: outputTokens, faults: faults)
        return Deployment(id: id, model: "sim-\(id)", provider: .sim(settings), weight: weight, priority: priority,
                          limits: limits, timeouts: timeouts, price: price)
    }

    static func group(
        _ name: String, _ deployments: [Deployment], strategy: SelectionStrategy = .priority, retry: RetryPolicy = RetryPolicy(),
        cooldown: CooldownPolicy = .never, fallbacks: FallbackPolicy = FallbackPolicy(), hedging: HedgingPolicy = .off,
        sticky: Bool = false
    ) -> ModelGroup {
        ModelGroup(name: name, deployments: deployments, strategy: strategy, stickyAffinity: sticky, retry: retry,
                   cooldown: cooldown, fallbacks: fallbacks, hedging: hedging)
    }

    /// Backoff waits of about a millisecond, for tests on the real clock.
    static let quickRetry = RetryPolicy(maxRetries: 2, backoff: Backoff(initial: .milliseconds(1), max: .milliseconds(2)))

    static func request(_ text: String = "hi", model: String = "g", stream: Bool = false, user: String? = nil, extra: String = "") throws -> ChatCompletionRequest {
        var fields = [#""model":"\#(model)""#, #""messages":[{"role":"user","content":"\#(text)"}]"#]
        if stream { fields.append(#""stream":true"#) }
        if let user { fields.append(#""user":"\#(user)""#) }
        if !extra.isEmpty { fields.append(extra) }
        return try ChatCompletionRequest(body: Array(("{" + fields.joined(separator: ",") + "}").utf8))
    }

    static func executor(clock: any GatewayClock = SystemClock(), seed: UInt64 = 1, providers: ProviderSet = ProviderSet()) -> ChatExecutor {
        ChatExecutor(providers: providers, health: HealthRegistry(clock: clock), metrics: GatewayMetrics(), random: RandomSource(seed: seed))
    }

    /// The real providers, with the scripted upstream's key in their environment.
    static var scripted: ProviderSet {
        ProviderSet(openAICompatible: OpenAICompatibleProvider(environment: UpstreamProviderTests.environment))
    }

    /// A seed for `SimulatedProvider(seed:)` whose first attempts on `deployment` fail (true)
    /// or not (false) in the order given, found by replaying the provider's own draws.
    static func seed(failing pattern: [Bool], on deployment: Deployment, prompt: String = "hi") -> UInt64 {
        guard case let .sim(settings) = deployment.provider else { fatalError("not a sim deployment") }
        for seed in UInt64(1)...100_000 {
            let provider = SimulatedProvider(seed: seed)
            if pattern.allSatisfy({ $0 == (provider.draw(settings, prompt: prompt).fault != nil) }) { return seed }
        }
        fatalError("no seed gives \(pattern)")
    }

    /// Polls `condition` for up to `limit`; a bounded wait for something asynchronous to settle.
    static func eventually(within limit: Duration = .seconds(3), _ condition: () async -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    /// `RawSocket.receive()` on a thread of its own: a read that blocks a thread of the
    /// cooperative pool (two threads on a 2-core machine) can starve the server's handlers
    /// while other tests run.
    static func receive(_ socket: RawSocket) async -> String {
        nonisolated(unsafe) let socket = socket
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: socket.receive()) }.start()
        }
    }

    static func attempts(_ executor: ChatExecutor, _ group: String, _ deployment: String) -> Double {
        executor.metrics.registry.value(GatewayMetrics.attempts, .init(["model_group": group, "deployment": deployment]))
    }

    static func isOpen(_ circuit: CircuitState) -> Bool {
        if case .open = circuit { return true }
        return false
    }

    static func drain(_ served: ChatExecutor.Served<ChatExecutor.OpenStream>) async throws -> Int {
        var count = 1
        for try await _ in served.value.rest { count += 1 }
        served.value.finished(.success(latency: .zero, timeToFirstToken: nil))
        return count
    }
}

/// Retries, backoff, Retry-After, fallbacks, context windows, hedging, timeouts and client
/// disconnects, through `ChatExecutor` and the in-process app, with simulated deployments and
/// the scripted local upstream.
@Suite struct ResilienceTests {
    typealias F = ResilienceFixture

    // MARK: 1. Error classes and their decisions

    @Test func failureDecisionForEachClass() {
        #expect(FailureDecision(.rateLimited(retryAfter: nil)) == .retry)
        #expect(FailureDecision(.rateLimited(retryAfter: .seconds(2))) == .retry)
        for status in [500, 502, 503, 504, 529] { #expect(FailureDecision(.serverError(status: status, message: "")) == .retry) }
        #expect(FailureDecision(.timeout("t")) == .retry)
        #expect(FailureDecision(.connection("c")) == .retry)
        #expect(FailureDecision(.malformedResponse("m")) == .retry)
        #expect(FailureDecision(.badRequest(status: 408, message: "")) == .retry)
        #expect(FailureDecision(.badRequest(status: 409, message: "")) == .retry)
        #expect(FailureDecision(.authentication(status: 401, message: "")) == .nextDeployment)
        #expect(FailureDecision(.authentication(status: 403, message: "")) == .nextDeployment)
        #expect(FailureDecision(.contextWindowExceeded("")) == .fallback(.contextWindow))
        #expect(FailureDecision(.contentPolicy("")) == .fallback(.contentPolicy))
        for status in [400, 404, 422] { #expect(FailureDecision(.badRequest(status: status, message: "")) == .stop) }

        #expect(FailureDecision.fallbackClass(after: .rateLimited(retryAfter: nil)) == .rateLimit)
        #expect(FailureDecision.fallbackClass(after: .contextWindowExceeded("")) == .contextWindow)
        #expect(FailureDecision.fallbackClass(after: .contentPolicy("")) == .contentPolicy)
        #expect(FailureDecision.fallbackClass(after: .serverError(status: 500, message: "")) == .generic)
        #expect(FailureDecision.fallbackClass(after: .timeout("")) == .generic)
    }

    /// Upstream answers classify into the failure the decision table expects.
    @Test func statusesClassify() {
        #expect(HTTPUpstream.classify(status: 429, type: nil, code: nil, message: "") == .rateLimited(retryAfter: nil))
        #expect(HTTPUpstream.classify(status: 503, type: nil, code: nil, message: "m") == .serverError(status: 503, message: "m"))
        #expect(HTTPUpstream.classify(status: 401, type: nil, code: nil, message: "m") == .authentication(status: 401, message: "m"))
        #expect(HTTPUpstream.classify(status: 403, type: nil, code: nil, message: "m") == .authentication(status: 403, message: "m"))
        #expect(HTTPUpstream.classify(status: 408, type: nil, code: nil, message: "m") == .badRequest(status: 408, message: "m"))
        #expect(HTTPUpstream.classify(status: 409, type: nil, code: nil, message: "m") == .badRequest(status: 409, message: "m"))
        #expect(HTTPUpstream.classify(status: 400, type: "invalid_request_error", code: "context_length_exceeded", message: "m") == .contextWindowExceeded("m"))
        #expect(HTTPUpstream.classify(status: 400, type: "invalid_request_error", code: "content_filter", message: "m") == .contentPolicy("m"))
        #expect(HTTPUpstream.classify(status: 400, type: "invalid_request_error", code: nil, message: "m") == .badRequest(status: 400, message: "m"))
    }

    static let retried: [(String, SimulatedFaults, String)] = [
        ("429", SimulatedFaults(rateLimit: 1, retryAfter: .zero), "rate_limit"),
        ("500", SimulatedFaults(serverError: 1), "server_error"),
        ("503", SimulatedFaults(unavailable: 1), "server_error"),
        ("timeout", SimulatedFaults(timeout: 1), "timeout"),
        ("connection reset", SimulatedFaults(connectionReset: 1), "connection"),
        ("malformed JSON", SimulatedFaults(malformedJSON: 1), "malformed"),
    ]

    /// A retryable class on the only deployment: tried 1 + max_retries times, with a backoff
    /// before each retry.
    @Test(arguments: retried)
    func retryableClassesAreRetriedOnTheSameDeployment(name: String, faults: SimulatedFaults, errorClass: String) async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let solo = F.sim("retry-\(errorClass)", faults: faults, timeouts: Timeouts(total: .seconds(30), attempt: .milliseconds(60), ttft: .milliseconds(60)))
        let group = F.group("g", [solo])
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        }
        let attempts = failure?.attempts ?? []
        #expect(attempts.count == 3, "\(name): \(attempts.map(\.failure.summary))")
        #expect(attempts.allSatisfy { $0.deployment == solo.id && $0.failure.errorClass == errorClass })
        #expect(clock.sleeps.count == 2, "a backoff before each of the two retries")
        #expect(executor.metrics.registry.value(GatewayMetrics.retries, .init(["model_group": "g", "error_class": errorClass])) == 2)
        #expect(executor.health.health(of: solo.id).inFlight == 0)
    }

    @Test(arguments: ["timeout408", "conflict409"])
    func requestTimeoutAndConflictAreRetried(model: String) async throws {
        try await ScriptedUpstream.run { upstream in
            let clock = ManualClock()
            let executor = F.executor(clock: clock, providers: F.scripted)
            let group = F.group("g", [upstream.openai(model)])
            let failure = await #expect(throws: ExecutionFailure.self) {
                try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
            }
            #expect(await upstream.recorder.requests.count == 3, "the first attempt and two retries")
            #expect(failure?.attempts.count == 3)
            #expect(clock.sleeps.count == 2)
            #expect(failure?.kind == .badGateway, "a retried upstream 408/409 is not the client's error")
        }
    }

    /// 401 and 403: the key is wrong for that deployment, so the request moves to another one
    /// at once, the failing one is never retried, and it is cooled.
    @Test(arguments: ["denied", "forbidden"])
    func credentialFailuresMoveToTheNextDeploymentAndCoolTheFirst(model: String) async throws {
        try await ScriptedUpstream.run { upstream in
            let clock = ManualClock()
            let executor = F.executor(clock: clock, providers: F.scripted)
            let bad = upstream.openai(model)
            let group = F.group("g", [bad, F.sim("auth-spare", priority: 1)], cooldown: CooldownPolicy(consecutiveFailures: 3, errorRate: nil))
            let served = try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
            #expect(served.deployment.id == "auth-spare")
            #expect(served.attempts == 2)
            #expect(await upstream.recorder.requests.count == 1)
            #expect(clock.sleeps.isEmpty)
            let circuit = executor.health.health(of: bad.id).circuit
            #expect(F.isOpen(circuit), "the rejected deployment cools down: \(circuit)")

            // Alone in its group, it is not retried either.
            let alone = F.group("alone", [upstream.openai(model)])
            let failure = await #expect(throws: ExecutionFailure.self) {
                try await F.executor(clock: clock, providers: F.scripted).complete(try F.request(), group: alone, config: GatewayConfig(modelGroups: [alone]))
            }
            #expect(failure?.attempts.count == 1)
            #expect(await upstream.recorder.requests.count == 2)
        }
    }

    /// A context-window error from the upstream leaves the group for its context_window list
    /// at once: no retry, not even on the group's other deployment.
    @Test func contextWindowErrorFallsBackByItsOwnList() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let small = F.group("small", [F.sim("cw-short", faults: SimulatedFaults(contextWindow: 1)), F.sim("cw-other", priority: 1)],
                            fallbacks: FallbackPolicy(generic: ["generic-fb"], contextWindow: ["long"]))
        let long = F.group("long", [F.sim("cw-long")])
        let generic = F.group("generic-fb", [F.sim("cw-generic")])
        let config = GatewayConfig(modelGroups: [small, long, generic])
        let served = try await executor.complete(try F.request(), group: small, config: config)
        #expect(served.group.name == "long")
        #expect(served.fallbacks == 1)
        #expect(served.attempts == 2)
        #expect(F.attempts(executor, "small", "cw-other") == 0, "no retry in the group")
        #expect(clock.sleeps.isEmpty)
        #expect(executor.metrics.registry.value(GatewayMetrics.fallbacks, .init(["from": "small", "to": "long", "error_class": "context_window"])) == 1)
    }

    @Test func contentPolicyFallsBackByItsOwnList() async throws {
        try await ScriptedUpstream.run { upstream in
            let executor = F.executor(clock: ManualClock(), providers: F.scripted)
            let strict = F.group("strict", [upstream.openai("filtered"), F.sim("cp-other", priority: 1)],
                                 fallbacks: FallbackPolicy(generic: ["generic-fb"], contentPolicy: ["lenient"]))
            let lenient = F.group("lenient", [F.sim("cp-lenient")])
            let generic = F.group("generic-fb", [F.sim("cp-generic")])
            let served = try await executor.complete(try F.request(), group: strict, config: GatewayConfig(modelGroups: [strict, lenient, generic]))
            #expect(served.group.name == "lenient")
            #expect(served.deployment.id == "cp-lenient")
            #expect(served.attempts == 2)
            #expect(await upstream.recorder.requests.count == 1)
            #expect(F.attempts(executor, "strict", "cp-other") == 0)
            #expect(executor.metrics.registry.value(GatewayMetrics.fallbacks, .init(["from": "strict", "to": "lenient", "error_class": "content_policy"])) == 1)
        }
    }

    /// A plain 400 is the client's mistake: answered at once with that status, without a
    /// retry, another deployment or a fallback.
    @Test func badRequestStopsAtOnce() async throws {
        try await ScriptedUpstream.run { upstream in
            let clock = ManualClock()
            let executor = F.executor(clock: clock, providers: F.scripted)
            let group = F.group("g", [upstream.openai("invalid"), F.sim("br-other", priority: 1)], fallbacks: FallbackPolicy(generic: ["fb"]))
            let fb = F.group("fb", [F.sim("br-fb")])
            let failure = await #expect(throws: ExecutionFailure.self) {
                try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group, fb]))
            }
            #expect(failure?.attempts.count == 1)
            #expect(failure?.fallbacks == 0)
            #expect(failure?.kind == .invalidRequest)
            #expect(failure?.kind.status == 400)
            #expect(await upstream.recorder.requests.count == 1)
            #expect(F.attempts(executor, "g", "br-other") == 0 && F.attempts(executor, "fb", "br-fb") == 0)
            #expect(clock.sleeps.isEmpty)

            // Through the app: the client gets the upstream's 400 and its message.
            let app = try await GatewayApplication.build(config: GatewayConfig(modelGroups: [group, fb]), port: 0, providers: F.scripted, health: HealthRegistry(clock: ManualClock()))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"model":"g","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains("temperature"))
                }
            }
            #expect(await upstream.recorder.requests.count == 2)
        }
    }

    // MARK: 2. Backoff and jitter

    @Test func fullJitterStaysWithinTheCeilingAndCapsAtMax() {
        let backoff = Backoff(initial: .milliseconds(100), max: .milliseconds(1000), multiplier: 2, jitter: .full)
        #expect((1...7).map { backoff.ceiling(retry: $0) } == [100, 200, 400, 800, 1000, 1000, 1000].map { Duration.milliseconds($0) })
        var generator = SplitMix64(seed: 11)
        for n in 1...7 {
            let top = backoff.ceiling(retry: n)
            let draws = (0..<300).map { _ in backoff.delay(retry: n, using: &generator) }
            #expect(draws.allSatisfy { $0 >= .zero && $0 <= top }, "retry \(n)")
            #expect(draws.min()! < top / 5 && draws.max()! > top * 4 / 5, "spread over the whole range, retry \(n)")
        }
    }

    @Test func noJitterWaitsExactlyTheCeiling() {
        let backoff = Backoff(initial: .milliseconds(250), max: .milliseconds(1500), multiplier: 3, jitter: .none)
        var generator = SplitMix64(seed: 1)
        #expect((1...4).map { backoff.delay(retry: $0, using: &generator) } == [250, 750, 1500, 1500].map { Duration.milliseconds($0) })
    }

    /// The only deployment fails with 500 and then answers: one wait, drawn from the seeded
    /// source within the first retry's ceiling.
    @Test func aSoleDeploymentFailingOnceSleepsOnceWithinTheBound() async throws {
        let solo = F.sim("backoff-solo", faults: SimulatedFaults(serverError: 0.5))
        let seed = F.seed(failing: [true, false], on: solo)
        let clock = ManualClock()
        let executor = F.executor(clock: clock, seed: 99, providers: ProviderSet(simulated: SimulatedProvider(seed: seed)))
        let group = F.group("g", [solo])
        let served = try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.attempts == 2)
        #expect(clock.sleeps.count == 1)
        let wait = try #require(clock.sleeps.first)
        #expect(wait >= .zero && wait <= group.retry.backoff.ceiling(retry: 1))
        var replay = SplitMix64(seed: 99)
        #expect(wait == group.retry.backoff.delay(retry: 1, using: &replay), "the wait comes from the executor's seeded source")
    }

    @Test func waitsGrowAndCapWithoutJitter() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let retry = RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .milliseconds(100), max: .milliseconds(150), multiplier: 2, jitter: .none))
        let group = F.group("g", [F.sim("backoff-grow", faults: SimulatedFaults(serverError: 1))], retry: retry)
        _ = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        }
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(150), .milliseconds(150)])
    }

    // MARK: 3. Retry-After

    static func headers(_ pairs: [(String, String)]) -> HTTPHeaders {
        var h = HTTPHeaders()
        for (name, value) in pairs { h.add(name: name, value: value) }
        return h
    }

    @Test func retryAfterInSecondsAndAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", "3")]), now: now) == .seconds(3))
        #expect(HTTPUpstream.retryAfter(Self.headers([("Retry-After", " 0.5 ")]), now: now) == .milliseconds(500))
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", formatter.string(from: now + 10))]), now: now) == .seconds(10))
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", formatter.string(from: now - 10))]), now: now) == .zero, "a date in the past: no wait")
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", "2"), ("retry-after-ms", "1500")]), now: now) == .milliseconds(1500))
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", "soon")]), now: now) == nil)
        #expect(HTTPUpstream.retryAfter(Self.headers([("retry-after", "-5")]), now: now) == nil)
        #expect(HTTPUpstream.retryAfter(Self.headers([]), now: now) == nil)
        // Through the classifier: a 429 carries it.
        #expect(HTTPUpstream.failure(status: 429, headers: Self.headers([("retry-after", "7")]), body: [], now: now) == .rateLimited(retryAfter: .seconds(7)))
    }

    /// An upstream (or a proxy in front of it) sending an absurd Retry-After must not bring the
    /// gateway down: `Duration.milliseconds(1e303)` traps.
    @Test func anAbsurdRetryAfterDoesNotCrash() async {
        do {
            await #expect(processExitsWith: .success) {
                var h = HTTPHeaders()
                h.add(name: "retry-after", value: "1e300")
                _ = HTTPUpstream.retryAfter(h)
                var ms = HTTPHeaders()
                ms.add(name: "retry-after-ms", value: "inf")
                _ = HTTPUpstream.retryAfter(ms)
            }
        }
    }

    @Test func rateLimitWaitsAtLeastItsRetryAfter() async throws {
        let solo = F.sim("ra-solo", faults: SimulatedFaults(rateLimit: 0.5, retryAfter: .seconds(3)))
        let seed = F.seed(failing: [true, false], on: solo)
        let clock = ManualClock()
        let executor = F.executor(clock: clock, providers: ProviderSet(simulated: SimulatedProvider(seed: seed)))
        let group = F.group("g", [solo])
        let served = try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.attempts == 2)
        #expect(clock.sleeps == [.seconds(3)], "the jitter (at most 500 ms) is below the 3 s asked for")
        #expect(executor.health.health(of: solo.id).circuit == .closed, "a 429 never cools the only deployment")
    }

    @Test func retryAfterAsAnHTTPDateThroughTheExecutor() async throws {
        try await ScriptedUpstream.run { upstream in
            let clock = ManualClock()
            let executor = F.executor(clock: clock, providers: F.scripted)
            let group = F.group("g", [upstream.openai("limited-date")], retry: RetryPolicy(maxRetries: 1))
            let failure = await #expect(throws: ExecutionFailure.self) {
                try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
            }
            #expect(failure?.kind == .rateLimited)
            #expect(await upstream.recorder.requests.count == 2)
            let wait = try #require(clock.sleeps.first)
            #expect(clock.sleeps.count == 1)
            #expect(wait > .seconds(5) && wait <= .seconds(10), "\(wait)")
        }
    }

    @Test func aRetryAfterAboveTheCapMovesOnWithoutSleeping() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let limited = F.group("limited", [F.sim("cap-solo", faults: SimulatedFaults(rateLimit: 1, retryAfter: .seconds(60)))],
                              retry: RetryPolicy(maxRetries: 2, retryAfterCap: .seconds(5)), fallbacks: FallbackPolicy(rateLimit: ["backup"]))
        let backup = F.group("backup", [F.sim("cap-backup")])
        let served = try await executor.complete(try F.request(), group: limited, config: GatewayConfig(modelGroups: [limited, backup]))
        #expect(served.group.name == "backup")
        #expect(served.attempts == 2)
        #expect(clock.sleeps.isEmpty)
        #expect(F.attempts(executor, "limited", "cap-solo") == 1)

        // Without a fallback the client gets the 429 at once.
        let alone = F.group("alone", [F.sim("cap-alone", faults: SimulatedFaults(rateLimit: 1, retryAfter: .seconds(60)))],
                            retry: RetryPolicy(maxRetries: 2, retryAfterCap: .seconds(5)))
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: alone, config: GatewayConfig(modelGroups: [alone]))
        }
        #expect(failure?.kind == .rateLimited)
        #expect(failure?.retryAfter == .seconds(60))
        #expect(failure?.attempts.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    // MARK: 4. No sleep while another deployment is healthy

    @Test func noSleepWhenAnotherHealthyDeploymentExists() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock, seed: 5)
        let group = F.group("g", [F.sim("ns-bad", faults: SimulatedFaults(serverError: 1)), F.sim("ns-good")], strategy: .weighted)
        var retried = 0
        for _ in 0..<20 {
            let served = try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
            #expect(served.deployment.id == "ns-good")
            if served.attempts == 2 { retried += 1 }
        }
        #expect(retried > 0, "the failing deployment was picked at least once and the retry went to the other")
        #expect(clock.sleeps.isEmpty)
    }

    // MARK: 5. Cooldown through the executor

    @Test func a429CoolsADeploymentOnlyWhenItIsNotAlone() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let alone = F.group("alone", [F.sim("c429-alone", faults: SimulatedFaults(rateLimit: 1, retryAfter: .zero))],
                            retry: RetryPolicy(maxRetries: 1), cooldown: CooldownPolicy())
        _ = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: alone, config: GatewayConfig(modelGroups: [alone]))
        }
        #expect(executor.health.health(of: "c429-alone").circuit == .closed)

        let pair = F.group("pair", [F.sim("c429-limited", faults: SimulatedFaults(rateLimit: 1, retryAfter: .zero)), F.sim("c429-ok", priority: 1)],
                           cooldown: CooldownPolicy())
        let served = try await executor.complete(try F.request(), group: pair, config: GatewayConfig(modelGroups: [pair]))
        #expect(served.deployment.id == "c429-ok")
        #expect(F.isOpen(executor.health.health(of: "c429-limited").circuit))
        #expect(executor.metrics.registry.value(GatewayMetrics.cooldowns, .init(["deployment": "c429-limited"])) == 1)
        #expect(executor.metrics.registry.value(GatewayMetrics.cooling, .init(["deployment": "c429-limited"])) == 1)
    }

    /// Three failures in a row take a deployment out; after the cooldown one request probes it.
    @Test func cooledDeploymentIsSkippedThenProbed() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let flaky = F.sim("cd-flaky", faults: SimulatedFaults(serverError: 1))
        let group = F.group("g", [flaky, F.sim("cd-steady", priority: 1)], retry: RetryPolicy(maxRetries: 1),
                            cooldown: CooldownPolicy(consecutiveFailures: 3, errorRate: nil, duration: .seconds(30)))
        let config = GatewayConfig(modelGroups: [group])
        for _ in 0..<3 { _ = try await executor.complete(try F.request(), group: group, config: config) }
        #expect(F.attempts(executor, "g", flaky.id) == 3)
        #expect(F.isOpen(executor.health.health(of: flaky.id).circuit))
        for _ in 0..<3 {
            let served = try await executor.complete(try F.request(), group: group, config: config)
            #expect(served.attempts == 1, "the cooling deployment is skipped")
        }
        #expect(F.attempts(executor, "g", flaky.id) == 3)
        clock.advance(by: .seconds(30))
        _ = try await executor.complete(try F.request(), group: group, config: config)
        #expect(F.attempts(executor, "g", flaky.id) == 4, "one probe after the cooldown")
        #expect(F.isOpen(executor.health.health(of: flaky.id).circuit), "the probe failed: cooling again")
    }

    /// A probe that succeeds puts the deployment back, and metrics count the cooldown and the
    /// recovery (the chaos suite reads both).
    @Test func aSuccessfulProbeEndsTheCooldownAndIsCounted() async throws {
        let clock = ManualClock()
        let executor = F.executor(clock: clock)
        let cooldown = CooldownPolicy(consecutiveFailures: 2, errorRate: nil, duration: .seconds(10))
        let broken = F.group("g", [F.sim("rc-a", faults: SimulatedFaults(serverError: 1)), F.sim("rc-b", priority: 1)],
                             retry: RetryPolicy(maxRetries: 1), cooldown: cooldown)
        for _ in 0..<2 { _ = try await executor.complete(try F.request(), group: broken, config: GatewayConfig(modelGroups: [broken])) }
        #expect(F.isOpen(executor.health.health(of: "rc-a").circuit))
        // The same deployment id, healed (health is kept per id).
        let healed = F.group("g", [F.sim("rc-a"), F.sim("rc-b", priority: 1)], retry: RetryPolicy(maxRetries: 1), cooldown: cooldown)
        clock.advance(by: .seconds(10))
        let probe = try await executor.complete(try F.request(), group: healed, config: GatewayConfig(modelGroups: [healed]))
        #expect(probe.deployment.id == "rc-a")
        #expect(executor.health.health(of: "rc-a").circuit == .closed)
        let r = executor.metrics.registry
        #expect(r.value(GatewayMetrics.cooldowns, .init(["deployment": "rc-a"])) == 1)
        #expect(r.value(GatewayMetrics.recoveries, .init(["deployment": "rc-a"])) == 1)
        #expect(r.value(GatewayMetrics.cooling, .init(["deployment": "rc-a"])) == 0)
    }

    // MARK: 8. Fallback chains

    static func failing(_ name: String, fallbacks: FallbackPolicy = FallbackPolicy()) -> ModelGroup {
        F.group(name, [F.sim("\(name)-1", faults: SimulatedFaults(serverError: 1))], retry: .none, fallbacks: fallbacks)
    }

    static func working(_ name: String) -> ModelGroup { F.group(name, [F.sim("\(name)-1")]) }

    @Test func fallbackChainRunsInOrder() async throws {
        let executor = F.executor(clock: ManualClock())
        let a = Self.failing("fa", fallbacks: FallbackPolicy(generic: ["fb", "fc"]))
        let config = GatewayConfig(modelGroups: [a, Self.failing("fb"), Self.working("fc")])
        let served = try await executor.complete(try F.request(), group: a, config: config)
        #expect(served.group.name == "fc")
        #expect(served.deployment.id == "fc-1")
        #expect(served.fallbacks == 2)
        #expect(served.attempts == 3)
        let r = executor.metrics.registry
        #expect(r.value(GatewayMetrics.fallbacks, .init(["from": "fa", "to": "fb", "error_class": "generic"])) == 1)
        #expect(r.value(GatewayMetrics.fallbacks, .init(["from": "fb", "to": "fc", "error_class": "generic"])) == 1)
    }

    @Test func rateLimitFallbacksUseTheirOwnListAndOthersUseGeneric() async throws {
        let executor = F.executor(clock: ManualClock())
        let policy = FallbackPolicy(generic: ["generic-fb"], rateLimit: ["limit-fb"], contextWindow: [])
        let limited = F.group("limited", [F.sim("fl-429", faults: SimulatedFaults(rateLimit: 1, retryAfter: .zero))], retry: .none, fallbacks: policy)
        let broken = F.group("broken", [F.sim("fl-500", faults: SimulatedFaults(serverError: 1))], retry: .none, fallbacks: policy)
        let long = F.group("long", [F.sim("fl-cw", faults: SimulatedFaults(contextWindow: 1))], retry: .none, fallbacks: policy)
        let config = GatewayConfig(modelGroups: [limited, broken, long, Self.working("generic-fb"), Self.working("limit-fb")])
        #expect(try await executor.complete(try F.request(), group: limited, config: config).group.name == "limit-fb")
        #expect(try await executor.complete(try F.request(), group: broken, config: config).group.name == "generic-fb")
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: long, config: config)
        }
        #expect(failure?.fallbacks == 0, "an empty context_window list means no fallback, even with a generic one")
        #expect(failure?.code == "context_length_exceeded")
    }

    @Test func maxFallbacksIsEnforced() async throws {
        let executor = F.executor(clock: ManualClock())
        let a = Self.failing("ma", fallbacks: FallbackPolicy(generic: ["mb", "mc", "md"], maxFallbacks: 2))
        let config = GatewayConfig(modelGroups: [a, Self.failing("mb"), Self.failing("mc"), Self.working("md")])
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: a, config: config)
        }
        #expect(failure?.fallbacks == 2)
        #expect(failure?.attempts.map(\.deployment) == ["ma-1", "mb-1", "mc-1"])
        #expect(F.attempts(executor, "md", "md-1") == 0)
    }

    /// A list naming the group itself, and a fallback whose own list leads back: each group
    /// runs once per request.
    @Test func fallbacksNeverLoop() async throws {
        let executor = F.executor(clock: ManualClock())
        let a = Self.failing("la", fallbacks: FallbackPolicy(generic: ["la", "lb", "la"]))
        let b = Self.failing("lb", fallbacks: FallbackPolicy(generic: ["la"]))
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: a, config: GatewayConfig(modelGroups: [a, b]))
        }
        #expect(failure?.attempts.map(\.deployment) == ["la-1", "lb-1"])
        #expect(failure?.fallbacks == 1)
        // Starting from the other end.
        let reverse = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: b, config: GatewayConfig(modelGroups: [a, b]))
        }
        #expect(reverse?.attempts.map(\.deployment) == ["lb-1", "la-1"])
    }

    @Test func perRequestFallbacksAndDisableFallbacks() async throws {
        let executor = F.executor(clock: ManualClock())
        let a = Self.failing("pa", fallbacks: FallbackPolicy(generic: ["pb"]))
        let config = GatewayConfig(modelGroups: [a, Self.working("pb"), Self.working("pc")])

        let own = try F.request(model: "pa", extra: #""fallbacks":["pc"],"temperature":0.5"#)
        #expect(own.fallbacks == ["pc"])
        let served = try await executor.complete(own, group: a, config: config)
        #expect(served.group.name == "pc", "the request's list replaces the group's")
        #expect(F.attempts(executor, "pb", "pb-1") == 0)

        let disabled = try F.request(model: "pa", extra: #""disable_fallbacks":true"#)
        #expect(disabled.disableFallbacks)
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(disabled, group: a, config: config)
        }
        #expect(failure?.fallbacks == 0)
        #expect(failure?.attempts.map(\.deployment) == ["pa-1"])

        // Neither field reaches an upstream; the rest of the body does.
        let both = try F.request(model: "pa", extra: #""fallbacks":["pc"],"disable_fallbacks":false,"temperature":0.5,"x_vendor":1"#)
        let upstream = both.upstreamBody(model: "gpt-4o-mini")
        #expect(!upstream.contains("fallbacks") && !upstream.contains("disable_fallbacks"))
        #expect(upstream.contains("temperature") && upstream.contains("x_vendor"))
        #expect(upstream["model"] == .string("gpt-4o-mini"))
        #expect(!String(decoding: both.upstreamBodyBytes(model: "m"), as: UTF8.self).contains("fallbacks"))
    }

    /// Data/CONFIG.md: max_fallbacks is "at most this many fallback groups per request,
    /// whatever the lists say" — a request's own list included.
    @Test func perRequestFallbacksRespectMaxFallbacks() async throws {
        let executor = F.executor(clock: ManualClock())
        let a = Self.failing("qa", fallbacks: FallbackPolicy(maxFallbacks: 1))
        let config = GatewayConfig(modelGroups: [a, Self.failing("qb"), Self.working("qc")])
        let request = try F.request(model: "qa", extra: #""fallbacks":["qb","qc"]"#)
        do {
            let failure = await #expect(throws: ExecutionFailure.self) {
                try await executor.complete(request, group: a, config: config)
            }
            #expect(failure?.fallbacks == 1)
        }
    }

    @Test func fallbackHeaderCountsFallbacksThroughTheApp() async throws {
        let a = Self.failing("ha", fallbacks: FallbackPolicy(generic: ["hb", "hc"]))
        let config = GatewayConfig(modelGroups: [a, Self.failing("hb"), Self.working("hc"), Self.working("hd")])
        let app = try await GatewayApplication.build(config: config, port: 0, health: HealthRegistry(clock: ManualClock()), random: RandomSource(seed: 3))
        @Sendable func body(_ model: String, _ extra: String = "") -> ByteBuffer {
            ByteBuffer(string: #"{"model":"\#(model)","messages":[{"role":"user","content":"hi"}]\#(extra)}"#)
        }
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("ha")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.fallbacks] == "2")
                #expect(response.headers[TriageHeaders.attempts] == "3")
                #expect(response.headers[TriageHeaders.model] == "hc-1")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("ha", #","fallbacks":["hd"]"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.fallbacks] == "1")
                #expect(response.headers[TriageHeaders.model] == "hd-1")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("ha", #","stream":true"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.fallbacks] == "2")
                #expect(String(buffer: response.body).hasSuffix("data: [DONE]\n\n"))
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("hd")) { response in
                #expect(response.headers[TriageHeaders.fallbacks] == "0")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("ha", #","disable_fallbacks":true"#)) { response in
                #expect(response.status == .badGateway)
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: body("ha", #","fallbacks":["nope"]"#)) { response in
                #expect(response.status == .badRequest, "an unknown group in the request's list is the client's error")
            }
        }
    }

    // MARK: 9. Context windows

    static let longPrompt = String(repeating: "word ", count: 80)  // 400 bytes: about 100 tokens

    @Test func aPromptOverTheWindowFallsBackWithoutCallingTheUpstream() async throws {
        let executor = F.executor(clock: ManualClock())
        let small = F.group("small", [F.sim("pre-tiny", limits: DeploymentLimits(maxContextTokens: 10))],
                            fallbacks: FallbackPolicy(generic: ["generic-fb"], contextWindow: ["long"]))
        let config = GatewayConfig(modelGroups: [small, Self.working("long"), Self.working("generic-fb")])
        let request = try F.request(Self.longPrompt, model: "small")
        #expect(request.estimatedPromptTokens > 10)
        let served = try await executor.complete(request, group: small, config: config)
        #expect(served.group.name == "long")
        #expect(served.attempts == 1, "only the fallback group's call was made")
        #expect(F.attempts(executor, "small", "pre-tiny") == 0)
        #expect(executor.health.health(of: "pre-tiny").latency == nil && executor.health.health(of: "pre-tiny").errorRate == nil)
        #expect(executor.metrics.registry.value(GatewayMetrics.fallbacks, .init(["from": "small", "to": "long", "error_class": "context_window"])) == 1)

        // Without a fallback: the client's error, with OpenAI's code, and still no call.
        let alone = F.group("alone", [F.sim("pre-alone", limits: DeploymentLimits(maxContextTokens: 10))])
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(request, group: alone, config: GatewayConfig(modelGroups: [alone]))
        }
        #expect(failure?.kind == .invalidRequest)
        #expect(failure?.code == "context_length_exceeded")
        #expect(F.attempts(executor, "alone", "pre-alone") == 0)
    }

    @Test func aDeploymentWithALargerWindowInTheSameGroupTakesTheRequest() async throws {
        let executor = F.executor(clock: ManualClock())
        let group = F.group("mixed", [F.sim("mix-tiny", limits: DeploymentLimits(maxContextTokens: 10)),
                                      F.sim("mix-roomy", priority: 1, limits: DeploymentLimits(maxContextTokens: 100_000))])
        let served = try await executor.complete(try F.request(Self.longPrompt, model: "mixed"), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "mix-roomy")
        #expect(served.fallbacks == 0 && served.attempts == 1)
        #expect(F.attempts(executor, "mixed", "mix-tiny") == 0)
    }

    /// Data/CONFIG.md: `max_context_tokens` is the "largest prompt plus completion"; a request
    /// whose prompt fits but whose prompt plus `max_tokens` does not is sent elsewhere.
    @Test func theWindowCountsTheCompletionToo() async throws {
        let executor = F.executor(clock: ManualClock())
        let group = F.group("pc", [F.sim("pc-120", limits: DeploymentLimits(maxContextTokens: 120)),
                                   F.sim("pc-big", priority: 1, limits: DeploymentLimits(maxContextTokens: 100_000))])
        let request = try F.request(Self.longPrompt, model: "pc", extra: #""max_tokens":100"#)
        #expect(request.estimatedPromptTokens <= 120 && request.estimatedPromptTokens + 100 > 120)
        let served = try await executor.complete(request, group: group, config: GatewayConfig(modelGroups: [group]))
        do {
            #expect(served.deployment.id == "pc-big")
        }
    }

    // MARK: 10. Hedging (real clock, small real delays)

    static func hedgedGroup(primaryMs: Int, otherMs: Int, after: Duration = .milliseconds(40), prefix: String) -> ModelGroup {
        F.group("hedged", [F.sim("\(prefix)-primary", latencyMs: primaryMs), F.sim("\(prefix)-other", latencyMs: otherMs, priority: 1)],
                retry: .none, hedging: .afterDelay(after, maxHedges: 1))
    }

    /// The losing side of a hedge race: it is cancelled, so its length costs no test time, and
    /// it is long enough (under the fixture's 5 s TTFT) that a CI machine busy with parallel
    /// suites cannot stall the winner past it (1.5 s once did).
    static let slowSide = 4_500

    static func hedges(_ executor: ChatExecutor, _ outcome: String) -> Double {
        executor.metrics.registry.value(GatewayMetrics.hedges, .init(["model_group": "hedged", "outcome": outcome]))
    }

    @Test func aHedgeWinsOverASlowPrimaryWhichIsCancelled() async throws {
        let executor = F.executor()
        let group = Self.hedgedGroup(primaryMs: Self.slowSide, otherMs: 2, prefix: "hw")
        let served = try await executor.complete(try F.request(model: "hedged"), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "hw-other")
        #expect(served.attempts == 2)
        #expect(Self.hedges(executor, "sent") == 1)
        #expect(Self.hedges(executor, "won") == 1)
        let slow = executor.health.health(of: "hw-primary")
        #expect(slow.inFlight == 0, "the losing attempt was cancelled and released")
        #expect(slow.consecutiveFailures == 0 && slow.latency == nil, "a cancelled attempt says nothing about its deployment")
        #expect(executor.health.health(of: "hw-other").inFlight == 0)
        #expect(F.attempts(executor, "hedged", "hw-other") == 1)
        do {
            #expect(F.attempts(executor, "hedged", "hw-primary") == 1, "the cancelled call reached the upstream, and x-triage-attempts counts it")
        }
    }

    @Test func aHedgeLosesToAPrimaryThatAnswersFirst() async throws {
        let executor = F.executor()
        let group = Self.hedgedGroup(primaryMs: 120, otherMs: Self.slowSide, after: .milliseconds(20), prefix: "hl")
        let served = try await executor.complete(try F.request(model: "hedged"), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "hl-primary")
        #expect(served.attempts == 2)
        #expect(Self.hedges(executor, "sent") == 1)
        #expect(Self.hedges(executor, "won") == 0)
        #expect(executor.health.health(of: "hl-other").inFlight == 0, "the losing hedge was cancelled")
    }

    @Test func aFastPrimarySendsNoHedge() async throws {
        let executor = F.executor()
        let group = Self.hedgedGroup(primaryMs: 2, otherMs: 2, after: .seconds(1), prefix: "hn")
        for _ in 0..<3 {
            let served = try await executor.complete(try F.request(model: "hedged"), group: group, config: GatewayConfig(modelGroups: [group]))
            #expect(served.deployment.id == "hn-primary")
            #expect(served.attempts == 1)
        }
        #expect(Self.hedges(executor, "sent") == 0)
        #expect(F.attempts(executor, "hedged", "hn-other") == 0)
    }

    @Test func aHedgedStreamKeepsOnlyTheWinnerInFlight() async throws {
        let executor = F.executor()
        let group = Self.hedgedGroup(primaryMs: Self.slowSide, otherMs: 2, prefix: "hs")
        let served = try await executor.openStream(try F.request(model: "hedged", stream: true), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "hs-other")
        #expect(Self.hedges(executor, "won") == 1)
        #expect(executor.health.health(of: "hs-primary").inFlight == 0)
        #expect(executor.health.health(of: "hs-other").inFlight == 1, "the winning stream is still running")
        #expect(try await F.drain(served) > 3)
        #expect(executor.health.health(of: "hs-other").inFlight == 0)
    }

    /// Percentile hedging waits for the deployment's own p95, and sends nothing before it has
    /// 20 samples.
    @Test func percentileHedgingNeedsSamples() async throws {
        let executor = F.executor()
        let primary = F.sim("hp-primary", latencyMs: 150)
        let group = F.group("hedged", [primary, F.sim("hp-other", latencyMs: 2, priority: 1)], retry: .none, hedging: .afterPercentile(95, maxHedges: 1))
        let first = try await executor.complete(try F.request(model: "hedged"), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(first.deployment.id == "hp-primary", "no samples yet: no hedge")
        #expect(Self.hedges(executor, "sent") == 0)
        // Its normal: about 20 ms to first token.
        for _ in 0..<20 {
            #expect(executor.health.begin(primary, tokens: 1))
            executor.health.finish(primary, .success(latency: .milliseconds(20), timeToFirstToken: .milliseconds(20)), policy: .never, soleDeployment: false)
        }
        // The same deployment id (health is kept per id), now much slower than its normal.
        let slower = F.group("hedged", [F.sim("hp-primary", latencyMs: Self.slowSide), F.sim("hp-other", latencyMs: 2, priority: 1)],
                             retry: .none, hedging: .afterPercentile(95, maxHedges: 1))
        let second = try await executor.complete(try F.request(model: "hedged"), group: slower, config: GatewayConfig(modelGroups: [slower]))
        #expect(second.deployment.id == "hp-other")
        #expect(Self.hedges(executor, "won") == 1)
    }

    // MARK: 11. Time to first token; no retry after the first byte

    @Test func aSilentStreamHitsItsTTFTAndMovesOn() async throws {
        let executor = F.executor()
        let silent = F.sim("tt-silent", faults: SimulatedFaults(timeout: 1), timeouts: Timeouts(total: .seconds(30), attempt: .seconds(10), ttft: .milliseconds(50)))
        let group = F.group("g", [silent, F.sim("tt-ok", priority: 1)], retry: F.quickRetry)
        let served = try await executor.openStream(try F.request(stream: true), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "tt-ok")
        #expect(served.attempts == 2)
        #expect(executor.metrics.registry.value(GatewayMetrics.failures, .init(["deployment": "tt-silent", "error_class": "timeout"])) == 1)
        #expect(executor.health.health(of: "tt-silent").inFlight == 0)
        _ = try await F.drain(served)
    }

    /// Data/CONFIG.md: a non-streaming answer arrives whole, so its call is bounded by
    /// `attempt_ms` alone; a silent upstream is abandoned there and the next deployment answers.
    @Test func aSilentNonStreamingCallHitsItsAttemptTimeout() async throws {
        let executor = F.executor()
        // The total timeout is far above the attempt's: CPU-bound suites sharing the two
        // cooperative threads can delay timers by seconds, and the rule under test is the
        // attempt timeout, not the total.
        let silent = F.sim("ttn-silent", faults: SimulatedFaults(timeout: 1), timeouts: Timeouts(total: .seconds(120), attempt: .milliseconds(100), ttft: .milliseconds(50)))
        let group = F.group("g", [silent, F.sim("ttn-ok", priority: 1)], retry: F.quickRetry)
        let served = try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        #expect(served.deployment.id == "ttn-ok")
        #expect(executor.metrics.registry.value(GatewayMetrics.failures, .init(["deployment": "ttn-silent", "error_class": "timeout"])) == 1)
    }

    @Test func aStreamBrokenAfterItsFirstByteIsNotRetried() async throws {
        let health = HealthRegistry()
        let metrics = GatewayMetrics()
        let group = F.group("g", [F.sim("nr-reset", faults: SimulatedFaults(connectionReset: 1), outputTokens: 40), F.sim("nr-ok", priority: 1)],
                            retry: F.quickRetry, fallbacks: FallbackPolicy(generic: ["fb"]))
        let config = GatewayConfig(modelGroups: [group, Self.working("fb")])
        let app = try await GatewayApplication.build(config: config, port: 0, metrics: metrics, health: health)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: ByteBuffer(string: #"{"model":"g","stream":true,"messages":[{"role":"user","content":"Tell me a story"}]}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.attempts] == "1")
                #expect(response.headers[TriageHeaders.model] == "nr-reset")
                let text = String(buffer: response.body)
                #expect(text.contains(#""error""#) && text.contains("reset"))
                #expect(text.hasSuffix("data: [DONE]\n\n"))
            }
        }
        #expect(metrics.registry.value(GatewayMetrics.attempts, .init(["model_group": "g", "deployment": "nr-ok"])) == 0)
        #expect(metrics.registry.value(GatewayMetrics.attempts, .init(["model_group": "fb", "deployment": "fb-1"])) == 0)
        #expect(await F.eventually { health.health(of: "nr-reset").inFlight == 0 })
        #expect(health.health(of: "nr-reset").consecutiveFailures == 1, "the broken stream counts against its deployment")
    }

    // MARK: 12. Client disconnect

    /// A hedged stream: the hedge wins, the answer streams slowly, the client hangs up.
    @Test func clientLeavingAHedgedStreamReleasesEveryAttempt() async throws {
        let health = HealthRegistry()
        let group = F.group("g", [F.sim("dc-slow", latencyMs: 3000), F.sim("dc-fast", priority: 1, tokensPerSecond: 4, outputTokens: 100)],
                            retry: .none, hedging: .afterDelay(.milliseconds(30), maxHedges: 1))
        let app = try await GatewayApplication.build(config: GatewayConfig(modelGroups: [group]), host: "127.0.0.1", port: 0, health: health)
        try await app.test(.live) { client in
            let socket = try RawSocket(port: try #require(client.port))
            socket.post("/v1/chat/completions", json: #"{"model":"g","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            let head = await F.receive(socket)
            #expect(head.hasPrefix("HTTP/1.1 200"), "\(head)")
            #expect(head.contains("x-triage-model: dc-fast"), "\(head)")
            #expect(health.health(of: "dc-slow").inFlight == 0, "the slow primary lost and was cancelled")
            #expect(health.health(of: "dc-fast").inFlight == 1)
            socket.hangUp()
            #expect(await F.eventually { health.health(of: "dc-fast").inFlight == 0 }, "the streaming attempt is released after the client left")
        }
    }

    /// The client hangs up while both the primary and its hedge are still waiting for a first token.
    @Test func clientLeavingBeforeTheFirstTokenCancelsPrimaryAndHedge() async throws {
        let health = HealthRegistry()
        let slow = Timeouts(total: .seconds(20), attempt: .seconds(10), ttft: .seconds(10))
        let group = F.group("g", [F.sim("dcp-a", latencyMs: 4000, timeouts: slow), F.sim("dcp-b", latencyMs: 4000, priority: 1, timeouts: slow)],
                            retry: .none, hedging: .afterDelay(.milliseconds(20), maxHedges: 1))
        let app = try await GatewayApplication.build(config: GatewayConfig(modelGroups: [group]), host: "127.0.0.1", port: 0, health: health)
        try await app.test(.live) { client in
            let socket = try RawSocket(port: try #require(client.port))
            socket.post("/v1/chat/completions", json: #"{"model":"g","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(await F.eventually { health.health(of: "dcp-a").inFlight == 1 && health.health(of: "dcp-b").inFlight == 1 })
            socket.hangUp()
            #expect(await F.eventually(within: .seconds(3)) { health.health(of: "dcp-a").inFlight == 0 && health.health(of: "dcp-b").inFlight == 0 },
                    "in flight: a=\(health.health(of: "dcp-a").inFlight) b=\(health.health(of: "dcp-b").inFlight)")
        }
    }

    @Test func clientLeavingASlowNonStreamingRequestCancelsIt() async throws {
        let health = HealthRegistry()
        let slow = Timeouts(total: .seconds(20), attempt: .seconds(10), ttft: .seconds(10))
        let group = F.group("g", [F.sim("dcn-slow", latencyMs: 4000, timeouts: slow)], retry: .none)
        let app = try await GatewayApplication.build(config: GatewayConfig(modelGroups: [group]), host: "127.0.0.1", port: 0, health: health)
        try await app.test(.live) { client in
            let socket = try RawSocket(port: try #require(client.port))
            socket.post("/v1/chat/completions", json: #"{"model":"g","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(await F.eventually { health.health(of: "dcn-slow").inFlight == 1 })
            socket.hangUp()
            #expect(await F.eventually(within: .seconds(3)) { health.health(of: "dcn-slow").inFlight == 0 })
        }
    }
}

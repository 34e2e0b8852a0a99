import Synchronization
import TriageSchema

/// The health of every deployment, shared by all requests: moving averages of latency and
/// time to first token, requests in flight, the error-rate window, rpm/tpm counts, and the
/// circuit breaker with its cooldown, half-open probe and operator override.
///
/// One lock around a dictionary: each request touches it a few times, for a hash lookup and
/// a few additions, which is cheaper than an actor hop and keeps decisions consistent.
public final class HealthRegistry: Sendable {
    public let clock: any GatewayClock
    private let states = Mutex<[String: DeploymentHealth]>([:])

    public init(clock: any GatewayClock = SystemClock()) {
        self.clock = clock
    }

    /// How an attempt ended, as far as the deployment's health is concerned.
    public enum Outcome: Sendable {
        case success(latency: Duration, timeToFirstToken: Duration?)
        case failure(UpstreamFailure)
        /// Cancelled by the gateway (a hedge that lost, a client that left): says nothing
        /// about the deployment.
        case cancelled
    }

    /// Whether a failure says something about the deployment rather than about the request.
    static func counts(_ failure: UpstreamFailure) -> Bool {
        switch failure {
        case .rateLimited, .serverError, .timeout, .connection, .malformedResponse, .authentication: true
        case .badRequest(let status, _): status == 408 || status == 409
        case .contextWindowExceeded, .contentPolicy, .unavailable: false
        }
    }

    /// Whether `deployment` could take a request now (without reserving it).
    public func admits(_ deployment: Deployment, tokens: Int) -> Bool {
        let now = clock.now
        return states.withLock { all in Self.admits(&all[deployment.id, default: DeploymentHealth()], deployment, tokens: tokens, now: now) }
    }

    /// Reserves `deployment` for an attempt: in flight, counted against rpm/tpm, and, when its
    /// cooldown just ended, as the one half-open probe. False when it can no longer take it.
    public func begin(_ deployment: Deployment, tokens: Int) -> Bool {
        let now = clock.now
        return states.withLock { all in
            guard Self.admits(&all[deployment.id, default: DeploymentHealth()], deployment, tokens: tokens, now: now) else { return false }
            all[deployment.id]!.inFlight += 1
            if deployment.limits.rpm != nil || deployment.limits.tpm != nil { all[deployment.id]!.minute.append((now, tokens)) }
            if case .halfOpen = all[deployment.id]!.circuit, all[deployment.id]!.override == .auto {
                all[deployment.id]!.circuit = .halfOpen(probing: true)
            }
            return true
        }
    }

    /// When every deployment in `deployments` is out of rotation and at least one only because
    /// of its own rpm, tpm or in-flight limit: how soon the first of those could take a request
    /// of `tokens`. nil when none is held back by a limit (cooling down or forced down instead):
    /// waiting would not help.
    public func limitRelease(_ deployments: [Deployment], tokens: Int) -> Duration? {
        let now = clock.now
        return states.withLock { all in
            deployments.compactMap { d -> Duration? in
                guard Self.inRotation(&all[d.id, default: DeploymentHealth()], now: now) else { return nil }
                return Self.limitWait(&all[d.id]!, d, tokens: tokens, now: now)
            }.min().map { max($0, .milliseconds(1)) }
        }
    }

    /// A change of circuit an outcome caused.
    public enum Transition: Sendable, Equatable {
        /// A cooldown started: the deployment left rotation.
        case opened
        /// A half-open probe succeeded: the deployment is back.
        case closed
    }

    /// Records how an attempt begun with `begin` ended, and the circuit change it caused.
    @discardableResult
    public func finish(_ deployment: Deployment, _ outcome: Outcome, policy: CooldownPolicy, soleDeployment: Bool) -> Transition? {
        let now = clock.now
        return states.withLock { all in
            // Taken out and put back so the buffers inside are uniquely owned: mutating a copy
            // still referenced by the dictionary would copy the whole outcome window each time.
            var h = all.removeValue(forKey: deployment.id) ?? DeploymentHealth()
            defer { all[deployment.id] = h }
            h.inFlight = max(0, h.inFlight - 1)
            h.prune(before: now - (policy.errorRate?.window ?? .seconds(60)))
            switch outcome {
            case .cancelled:
                if case .halfOpen(true) = h.circuit { h.circuit = .halfOpen(probing: false) }
                return nil
            case let .success(latency, ttft):
                h.latency = DeploymentHealth.average(h.latency, latency.seconds)
                let first = (ttft ?? latency).seconds
                h.timeToFirstToken = DeploymentHealth.average(h.timeToFirstToken, first)
                h.addTTFT(first)
                h.consecutiveFailures = 0
                h.outcomes.append((now, false))
                if case .halfOpen = h.circuit {
                    h.circuit = .closed
                    return .closed
                }
                return nil
            case let .failure(failure):
                var verdictless = !Self.counts(failure)
                if case .rateLimited = failure, soleDeployment {
                    // Cooling the only deployment would turn a short rate limit into an outage;
                    // its clients get the 429 and its Retry-After instead.
                    verdictless = true
                }
                if verdictless {
                    // A probe that ended without a verdict on the deployment frees the probe slot.
                    if case .halfOpen(true) = h.circuit { h.circuit = .halfOpen(probing: false) }
                    return nil
                }
                h.outcomes.append((now, true))
                h.consecutiveFailures += 1
                guard case .closed = h.circuit else {
                    if case .halfOpen = h.circuit {
                        h.circuit = .open(until: now + policy.duration)  // the probe failed
                        return .opened
                    }
                    return nil
                }
                var cool: Duration?
                switch failure {
                case .authentication:
                    cool = policy.duration  // a revoked key does not heal by retrying
                case let .rateLimited(retryAfter):
                    cool = max(policy.duration, retryAfter ?? .zero)
                default:
                    if let n = policy.consecutiveFailures, h.consecutiveFailures >= n { cool = policy.duration }
                    if let trigger = policy.errorRate, h.outcomes.count >= trigger.minimumRequests,
                       let rate = h.errorRate, rate >= trigger.threshold {
                        cool = policy.duration
                    }
                }
                guard let cool else { return nil }
                h.circuit = .open(until: now + cool)
                return .opened
            }
        }
    }

    /// Forces a deployment out of rotation, back in, or back to automatic.
    public func setOverride(_ id: String, _ override: HealthOverride) {
        states.withLock { all in
            all[id, default: DeploymentHealth()].override = override
            if override == .up { all[id]!.circuit = .closed; all[id]!.consecutiveFailures = 0 }
        }
    }

    /// A copy of one deployment's health, its circuit brought up to date.
    public func health(of id: String) -> DeploymentHealth {
        let now = clock.now
        return states.withLock { all in
            var h = all[id, default: DeploymentHealth()]
            Self.refresh(&h, now: now)
            return h
        }
    }

    /// An expired cooldown becomes a half-open circuit.
    private static func refresh(_ h: inout DeploymentHealth, now: ContinuousClock.Instant) {
        if case let .open(until) = h.circuit, now >= until { h.circuit = .halfOpen(probing: false) }
    }

    private static func admits(_ h: inout DeploymentHealth, _ d: Deployment, tokens: Int, now: ContinuousClock.Instant) -> Bool {
        inRotation(&h, now: now) && limitWait(&h, d, tokens: tokens, now: now) == nil
    }

    /// Whether the circuit and the operator's override let the deployment take requests.
    private static func inRotation(_ h: inout DeploymentHealth, now: ContinuousClock.Instant) -> Bool {
        refresh(&h, now: now)
        switch h.override {
        case .down: return false
        case .up: return true
        case .auto:
            switch h.circuit {
            case .closed, .halfOpen(probing: false): return true
            case .open, .halfOpen(probing: true): return false
            }
        }
    }

    /// nil when the deployment's own limits (in flight, rpm, tpm) admit a request of `tokens`;
    /// else how long until they would: when the minute's oldest requests or tokens age out (in
    /// flight: unknowable, the next request to finish frees it; 20 ms).
    private static func limitWait(_ h: inout DeploymentHealth, _ d: Deployment, tokens: Int, now: ContinuousClock.Instant) -> Duration? {
        var wait: Duration?
        if let limit = d.limits.maxInFlight, h.inFlight >= limit { wait = .milliseconds(20) }
        guard d.limits.rpm != nil || d.limits.tpm != nil else { return wait }
        h.pruneMinute(before: now - .seconds(60))
        if let rpm = d.limits.rpm, h.minute.count >= rpm {
            wait = max(wait ?? .zero, h.minute[h.minute.count - rpm].at + .seconds(60) - now)
        }
        if let tpm = d.limits.tpm {
            var used = h.minute.reduce(0) { $0 + $1.tokens } + tokens
            if used > tpm {
                var until: Duration = .seconds(60)
                for entry in h.minute {
                    used -= entry.tokens
                    if used <= tpm { until = entry.at + .seconds(60) - now; break }
                }
                wait = max(wait ?? .zero, until)
            }
        }
        return wait
    }

}

extension Duration {
    /// Seconds as a Double, for averages and metrics.
    var seconds: Double {
        let (s, a) = components
        return Double(s) + Double(a) * 1e-18
    }
}

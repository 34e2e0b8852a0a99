import Testing
@testable import TriageGateway
import TriageSchema

/// The circuit breaker, error-rate window, limits and overrides of `HealthRegistry`, on a
/// `ManualClock` so cooldowns and windows pass without real time.
@Suite struct HealthRegistryTests {
    let clock = ManualClock()
    let registry: HealthRegistry
    let deployment = ResilienceFixture.sim("hr-a")

    init() {
        registry = HealthRegistry(clock: clock)
    }

    static let threeInARow = CooldownPolicy(consecutiveFailures: 3, errorRate: nil, duration: .seconds(30))
    static let oneStrike = CooldownPolicy(consecutiveFailures: 1, errorRate: nil, duration: .seconds(30))
    static let server500 = UpstreamFailure.serverError(status: 500, message: "boom")

    /// One attempt: reserved with `begin`, ended with `outcome`.
    @discardableResult
    func attempt(_ outcome: HealthRegistry.Outcome, policy: CooldownPolicy, sole: Bool = false, on d: Deployment? = nil) -> HealthRegistry.Transition? {
        let d = d ?? deployment
        #expect(registry.begin(d, tokens: 10), "\(d.id) should take the attempt")
        return registry.finish(d, outcome, policy: policy, soleDeployment: sole)
    }

    static let ok = HealthRegistry.Outcome.success(latency: .milliseconds(10), timeToFirstToken: nil)

    func isOpen(_ id: String? = nil) -> Bool {
        if case .open = registry.health(of: id ?? deployment.id).circuit { return true }
        return false
    }

    // MARK: Consecutive failures

    @Test func opensAfterNConsecutiveFailures() {
        #expect(attempt(.failure(Self.server500), policy: Self.threeInARow) == nil)
        #expect(attempt(.failure(Self.server500), policy: Self.threeInARow) == nil)
        #expect(registry.health(of: deployment.id).circuit == .closed)
        #expect(registry.health(of: deployment.id).consecutiveFailures == 2)
        #expect(attempt(.failure(Self.server500), policy: Self.threeInARow) == .opened)
        #expect(registry.health(of: deployment.id).circuit == .open(until: clock.now + .seconds(30)))
        #expect(!registry.admits(deployment, tokens: 10))
        #expect(!registry.begin(deployment, tokens: 10), "an open circuit takes no attempt")
    }

    @Test func aSuccessResetsTheRun() {
        attempt(.failure(Self.server500), policy: Self.threeInARow)
        attempt(.failure(Self.server500), policy: Self.threeInARow)
        attempt(Self.ok, policy: Self.threeInARow)
        #expect(registry.health(of: deployment.id).consecutiveFailures == 0)
        #expect(attempt(.failure(Self.server500), policy: Self.threeInARow) == nil)
        #expect(attempt(.failure(Self.server500), policy: Self.threeInARow) == nil)
        #expect(registry.health(of: deployment.id).circuit == .closed)
    }

    @Test func neverPolicyNeverCools() {
        for _ in 0..<20 { #expect(attempt(.failure(Self.server500), policy: .never) == nil) }
        #expect(registry.health(of: deployment.id).circuit == .closed)
        #expect(registry.admits(deployment, tokens: 10))
    }

    // MARK: Error rate

    static let rate = CooldownPolicy(
        consecutiveFailures: nil, errorRate: ErrorRateTrigger(threshold: 0.5, window: .seconds(60), minimumRequests: 10), duration: .seconds(30))

    @Test func errorRateNeedsTheMinimumNumberOfRequests() {
        // Nine attempts, all failed: a 100 % error rate, but fewer than min_requests.
        for _ in 0..<9 { #expect(attempt(.failure(Self.server500), policy: Self.rate) == nil) }
        #expect(registry.health(of: deployment.id).errorRate == 1)
        #expect(registry.health(of: deployment.id).circuit == .closed)
        // The tenth reaches the minimum.
        #expect(attempt(.failure(Self.server500), policy: Self.rate) == .opened)
        #expect(isOpen())
    }

    @Test func errorRateOpensAtTheThresholdOnly() {
        // 4 successes, 5 failures: under the minimum; then a 10th failure makes 6/10 ≥ 0.5.
        for _ in 0..<4 { attempt(Self.ok, policy: Self.rate) }
        for _ in 0..<5 { #expect(attempt(.failure(Self.server500), policy: Self.rate) == nil) }
        #expect(attempt(.failure(Self.server500), policy: Self.rate) == .opened)

        // Another deployment: 7 successes and 3 failures (30 %) never opens.
        let other = ResilienceFixture.sim("hr-b")
        for _ in 0..<7 { attempt(Self.ok, policy: Self.rate, on: other) }
        for _ in 0..<3 { #expect(attempt(.failure(Self.server500), policy: Self.rate, on: other) == nil) }
        #expect(registry.health(of: other.id).circuit == .closed)
        #expect(registry.health(of: other.id).errorRate == 0.3)
    }

    @Test func failuresOutsideTheWindowAreForgotten() {
        for _ in 0..<9 { attempt(.failure(Self.server500), policy: Self.rate) }
        clock.advance(by: .seconds(61))
        #expect(attempt(.failure(Self.server500), policy: Self.rate) == nil, "the nine old failures left the 60 s window")
        #expect(registry.health(of: deployment.id).circuit == .closed)
    }

    // MARK: Half-open probe

    @Test func halfOpenAfterTheDurationAdmitsExactlyOneProbe() {
        #expect(attempt(.failure(Self.server500), policy: Self.oneStrike) == .opened)
        clock.advance(by: .seconds(29))
        #expect(isOpen(), "still cooling one second before the end")
        #expect(!registry.admits(deployment, tokens: 10))
        clock.advance(by: .seconds(1))
        #expect(registry.health(of: deployment.id).circuit == .halfOpen(probing: false))
        #expect(registry.admits(deployment, tokens: 10))
        #expect(registry.begin(deployment, tokens: 10), "the probe")
        #expect(registry.health(of: deployment.id).circuit == .halfOpen(probing: true))
        #expect(!registry.begin(deployment, tokens: 10), "a second request while the probe is out is refused")
        #expect(!registry.admits(deployment, tokens: 10))
        // The probe succeeds: back in rotation.
        #expect(registry.finish(deployment, Self.ok, policy: Self.oneStrike, soleDeployment: false) == .closed)
        #expect(registry.health(of: deployment.id).circuit == .closed)
        #expect(registry.begin(deployment, tokens: 10))
        #expect(registry.begin(deployment, tokens: 10), "closed again: no single-probe limit")
    }

    @Test func aFailedProbeReopensTheCircuit() {
        attempt(.failure(Self.server500), policy: Self.threeInARow)
        attempt(.failure(Self.server500), policy: Self.threeInARow)
        attempt(.failure(Self.server500), policy: Self.threeInARow)
        clock.advance(by: .seconds(30))
        #expect(registry.begin(deployment, tokens: 10))
        // One failure is enough on a probe, whatever consecutive_failures says.
        #expect(registry.finish(deployment, .failure(Self.server500), policy: Self.threeInARow, soleDeployment: false) == .opened)
        #expect(registry.health(of: deployment.id).circuit == .open(until: clock.now + .seconds(30)))
        #expect(!registry.admits(deployment, tokens: 10))
    }

    @Test func aCancelledProbeFreesTheProbeSlot() {
        attempt(.failure(Self.server500), policy: Self.oneStrike)
        clock.advance(by: .seconds(30))
        #expect(registry.begin(deployment, tokens: 10))
        #expect(registry.finish(deployment, .cancelled, policy: Self.oneStrike, soleDeployment: false) == nil)
        #expect(registry.health(of: deployment.id).circuit == .halfOpen(probing: false))
        #expect(registry.begin(deployment, tokens: 10), "the next request may probe")
    }

    /// A probe whose request the upstream refused as the client's fault (400, context window,
    /// content policy) says nothing about the deployment; it must not leave the deployment
    /// stuck in `halfOpen(probing: true)`, out of rotation forever.
    @Test(arguments: [
        UpstreamFailure.badRequest(status: 400, message: "bad temperature"),
        .contextWindowExceeded("too long"),
        .contentPolicy("refused"),
    ])
    func aProbeEndingInAClientErrorDoesNotStrandTheDeployment(failure: UpstreamFailure) {
        attempt(.failure(Self.server500), policy: Self.oneStrike)
        clock.advance(by: .seconds(30))
        #expect(registry.begin(deployment, tokens: 10), "the probe")
        registry.finish(deployment, .failure(failure), policy: Self.oneStrike, soleDeployment: false)
        do {
            let admittedNow = registry.admits(deployment, tokens: 10)
            #expect(admittedNow, "circuit is \(registry.health(of: deployment.id).circuit)")
            clock.advance(by: .seconds(3600))
            let admittedLater = registry.admits(deployment, tokens: 10)
            #expect(admittedLater, "an hour later: circuit is \(registry.health(of: deployment.id).circuit)")
        }
    }

    /// The only deployment of a group, cooled by server errors, is probed and the probe gets a
    /// 429: the single-deployment rule keeps it from cooling again, but the probe slot must
    /// still be freed.
    @Test func aSoleDeploymentsProbeAnsweredWith429DoesNotStrandIt() {
        attempt(.failure(Self.server500), policy: Self.oneStrike, sole: true)
        #expect(isOpen())
        clock.advance(by: .seconds(30))
        #expect(registry.begin(deployment, tokens: 10), "the probe")
        registry.finish(deployment, .failure(.rateLimited(retryAfter: .seconds(1))), policy: Self.oneStrike, soleDeployment: true)
        clock.advance(by: .seconds(3600))
        do {
            let admitted = registry.admits(deployment, tokens: 10)
            #expect(admitted, "an hour later: circuit is \(registry.health(of: deployment.id).circuit)")
        }
    }

    // MARK: Classes that count

    @Test func authenticationFailuresCoolAtOnce() {
        #expect(attempt(.failure(.authentication(status: 401, message: "bad key")), policy: Self.threeInARow) == .opened)
        #expect(isOpen())
    }

    @Test func theClientsOwnErrorsDoNotCount() {
        for failure: UpstreamFailure in [
            .badRequest(status: 400, message: "x"), .badRequest(status: 404, message: "x"), .contextWindowExceeded("x"), .contentPolicy("x"),
        ] {
            #expect(attempt(.failure(failure), policy: Self.oneStrike) == nil)
        }
        let h = registry.health(of: deployment.id)
        #expect(h.consecutiveFailures == 0)
        #expect(h.errorRate == nil)
        #expect(h.circuit == .closed)
        #expect(h.inFlight == 0)
    }

    @Test(arguments: [
        UpstreamFailure.badRequest(status: 408, message: "x"), .badRequest(status: 409, message: "x"),
        .timeout("x"), .connection("x"), .malformedResponse("x"), .serverError(status: 503, message: "x"),
    ])
    func upstreamFailuresCount(failure: UpstreamFailure) {
        #expect(attempt(.failure(failure), policy: Self.oneStrike) == .opened)
    }

    // MARK: 429

    @Test func a429OnTheOnlyDeploymentNeverCoolsIt() {
        for _ in 0..<10 {
            #expect(attempt(.failure(.rateLimited(retryAfter: .seconds(60))), policy: Self.oneStrike, sole: true) == nil)
        }
        #expect(registry.health(of: deployment.id).circuit == .closed)
        #expect(registry.admits(deployment, tokens: 10))
    }

    @Test func a429InAGroupOfTwoCoolsForAtLeastItsRetryAfter() {
        #expect(attempt(.failure(.rateLimited(retryAfter: .seconds(90))), policy: Self.threeInARow) == .opened)
        #expect(registry.health(of: deployment.id).circuit == .open(until: clock.now + .seconds(90)), "longer than duration_ms: the upstream asked")
        let other = ResilienceFixture.sim("hr-b")
        #expect(attempt(.failure(.rateLimited(retryAfter: .seconds(1))), policy: Self.threeInARow, on: other) == .opened)
        #expect(registry.health(of: other.id).circuit == .open(until: clock.now + .seconds(30)), "never shorter than duration_ms")
    }

    // MARK: Overrides

    @Test func overridesForceADeploymentOutAndIn() {
        registry.setOverride(deployment.id, .down)
        #expect(!registry.admits(deployment, tokens: 10))
        #expect(!registry.begin(deployment, tokens: 10))
        registry.setOverride(deployment.id, .auto)
        #expect(registry.admits(deployment, tokens: 10))
        attempt(.failure(Self.server500), policy: Self.oneStrike)
        #expect(!registry.admits(deployment, tokens: 10))
        registry.setOverride(deployment.id, .up)
        #expect(registry.admits(deployment, tokens: 10), "up: in rotation whatever its health")
        #expect(registry.health(of: deployment.id).circuit == .closed)
    }

    // MARK: Load and limits

    @Test func inFlightCountsAndMaxInFlight() {
        let limited = ResilienceFixture.sim("hr-limited", limits: DeploymentLimits(maxInFlight: 2))
        #expect(registry.begin(limited, tokens: 1))
        #expect(registry.begin(limited, tokens: 1))
        #expect(registry.health(of: limited.id).inFlight == 2)
        #expect(!registry.admits(limited, tokens: 1))
        #expect(!registry.begin(limited, tokens: 1))
        registry.finish(limited, .cancelled, policy: .never, soleDeployment: false)
        #expect(registry.health(of: limited.id).inFlight == 1)
        #expect(registry.begin(limited, tokens: 1))
    }

    @Test func rpmAndTpmLimitsFreeUpAfterAMinute() {
        let rpm = ResilienceFixture.sim("hr-rpm", limits: DeploymentLimits(rpm: 2))
        for _ in 0..<2 {
            #expect(registry.begin(rpm, tokens: 1))
            registry.finish(rpm, Self.ok, policy: .never, soleDeployment: false)
        }
        #expect(!registry.begin(rpm, tokens: 1))
        clock.advance(by: .seconds(61))
        #expect(registry.begin(rpm, tokens: 1))

        let tpm = ResilienceFixture.sim("hr-tpm", limits: DeploymentLimits(tpm: 100))
        #expect(registry.begin(tpm, tokens: 60))
        #expect(!registry.admits(tpm, tokens: 60), "60 + 60 > 100")
        #expect(registry.admits(tpm, tokens: 40))
        clock.advance(by: .seconds(61))
        #expect(registry.admits(tpm, tokens: 60))
    }

    @Test func latencyAveragesAndTTFTPercentile() throws {
        attempt(.success(latency: .milliseconds(100), timeToFirstToken: nil), policy: .never)
        attempt(.success(latency: .milliseconds(200), timeToFirstToken: .milliseconds(50)), policy: .never)
        let h = registry.health(of: deployment.id)
        #expect(abs(try #require(h.latency) - 0.12) < 1e-9, "EWMA with weight 0.2")
        #expect(abs(try #require(h.timeToFirstToken) - 0.09) < 1e-9, "0.1 moved a fifth of the way to 0.05")
        #expect(h.timeToFirstTokenPercentile(95) == nil, "fewer than 20 samples")
        for i in 0..<18 { attempt(.success(latency: .milliseconds(i + 1), timeToFirstToken: nil), policy: .never) }
        #expect(registry.health(of: deployment.id).timeToFirstTokenPercentile(95) != nil)
    }
}

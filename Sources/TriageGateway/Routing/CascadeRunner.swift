import TriageCore
import Tracing
import TriageSchema

/// Runs a cascade from a starting tier: call the tier's group, score its answer with the
/// verifier, return it when accepted, else climb to the next tier. Each tier is an ordinary
/// group call, so its retries apply inside it, and its fallbacks too, except to other tiers:
/// a fallback to a cheaper tier would serve an unverified answer, one to a dearer tier would
/// pay for it twice. Every tier's cost is counted.
struct CascadeRunner: Sendable {
    let executor: ChatExecutor
    let metrics: GatewayMetrics

    /// A cascade as far as it went.
    struct Run: Sendable {
        var steps: [CascadeStep] = []
        /// The answer to serve; nil when the caller is to stream the last tier itself.
        var answer: ChatExecutor.Completion?
        /// The best-scored rejected answer, served if every later tier fails.
        var best: (answer: ChatExecutor.Completion, score: Double, step: Int)?
        /// USD of every tier called so far.
        var cost: Double = 0
        var attempts = 0
        var fallbacks = 0
        var upstreamTime: Duration = .zero
        /// The group whose failure ends the cascade, for the error's metrics.
        var failedGroup: ModelGroup?

        var headerValue: String { steps.map(\.headerValue).joined(separator: ", ") }
    }

    /// The group and facts one tier is called with: fallbacks to other tiers removed, and
    /// buffered tiers judged as whole-answer calls even when the client streams.
    static func tierCall(_ group: ModelGroup, facts: RequestFacts, runtime: RoutedModelRuntime, streaming: Bool) -> (ModelGroup, RequestFacts) {
        let tiers = Set(runtime.model.candidates.map(\.group))
        var group = group
        group.fallbacks = group.fallbacks.excluding(tiers)
        var facts = facts
        facts.fallbacks = facts.fallbacks?.filter { !tiers.contains($0) }
        facts.streaming = streaming
        return (group, facts)
    }

    /// - Parameter streamLast: stop before the last tier (the caller streams it); tiers before
    ///   it are always buffered, since their answers must be verified before anyone sees them.
    func run(
        _ chat: ChatCompletionRequest, runtime: RoutedModelRuntime, start: Int, config: GatewayConfig,
        facts: RequestFacts, streamLast: Bool
    ) async throws(ExecutionFailure) -> Run {
        let outcome = await executor.tracer.withAnySpan("triage.cascade", at: DefaultTracerClock.now) { span -> Result<Run, ExecutionFailure> in
            span.attributes["triage.routed_model"] = runtime.model.name
            span.attributes["triage.cascade.start"] = runtime.model.candidates[start].group
            do throws(ExecutionFailure) {
                let run = try await climb(chat, runtime: runtime, start: start, config: config, facts: facts, streamLast: streamLast)
                span.attributes["triage.cascade.tiers"] = run.steps.map(\.group)
                return .success(run)
            } catch {
                span.setStatus(SpanStatus(code: .error, message: error.kind.code))
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func climb(
        _ chat: ChatCompletionRequest, runtime: RoutedModelRuntime, start: Int, config: GatewayConfig,
        facts: RequestFacts, streamLast: Bool
    ) async throws(ExecutionFailure) -> Run {
        let candidates = runtime.model.candidates
        let thresholds = runtime.model.cascade?.thresholds ?? []
        let last = candidates.count - 1
        var run = Run()
        var lastFailure: ExecutionFailure?
        for tier in start...last {
            guard let configured = config.group(named: candidates[tier].group) else { continue }
            if tier == last, streamLast { return run }
            let (group, tierFacts) = Self.tierCall(configured, facts: facts, runtime: runtime, streaming: false)
            let served: ChatExecutor.Completion
            do {
                served = try await executor.complete(chat, group: group, config: config, facts: tierFacts)
            } catch {
                run.attempts += error.attempts.count
                run.steps.append(CascadeStep(group: group.name, outcome: .failed, status: error.kind.status))
                count(runtime, group.name, .failed)
                run.failedGroup = configured
                lastFailure = error
                // A client that left, or a request every tier would refuse alike, ends the climb.
                if Task.isCancelled || (error.kind == .invalidRequest && error.code == nil) { throw error }
                continue
            }
            run.failedGroup = nil
            run.cost += executor.bill(served.value.usage, group: served.group, deployment: served.deployment, facts: tierFacts)
            run.attempts += served.attempts
            run.fallbacks += served.fallbacks
            run.upstreamTime += served.upstreamTime
            if tier == last {
                run.steps.append(CascadeStep(group: group.name, outcome: .final))
                count(runtime, group.name, .final)
                run.answer = served
                return run
            }
            guard let completion = try? served.value.completion() else {
                // An answer that cannot be read cannot be judged or served: climb.
                run.steps.append(CascadeStep(group: group.name, outcome: .escalated, score: 0))
                count(runtime, group.name, .escalated)
                continue
            }
            // A verifier reads prose; tool calls are the caller's to judge, so they pass.
            if let message = completion.choices.first?.message, !message.toolCalls.isEmpty {
                run.steps.append(CascadeStep(group: group.name, outcome: .accepted))
                count(runtime, group.name, .accepted)
                run.answer = served
                return run
            }
            // A non-tier fallback group answered for this tier: the verifier knows it by its name.
            let author = served.group.name == group.name ? runtime.answerer[tier] : served.group.name
            let score = runtime.verifier?.score(prompt: chat.lastUserText, answer: completion.answerText, model: author) ?? 0
            if tier < thresholds.count, score >= thresholds[tier] {
                run.steps.append(CascadeStep(group: group.name, outcome: .accepted, score: score))
                count(runtime, group.name, .accepted)
                run.answer = served
                return run
            }
            run.steps.append(CascadeStep(group: group.name, outcome: .escalated, score: score))
            count(runtime, group.name, .escalated)
            if score > run.best?.score ?? -1 { run.best = (served, score, run.steps.count - 1) }
        }
        // The last tier failed: an answer the verifier doubted beats no answer.
        if salvage(&run, runtime: runtime) { return run }
        throw lastFailure ?? ExecutionFailure(group: runtime.model.name, attempts: [])
    }

    /// Serves the best rejected answer, if there is one, marking its step.
    func salvage(_ run: inout Run, runtime: RoutedModelRuntime) -> Bool {
        guard let best = run.best, !Task.isCancelled else { return false }
        run.answer = best.answer
        run.steps[best.step].outcome = .salvaged
        count(runtime, run.steps[best.step].group, .salvaged)
        return true
    }

    func count(_ runtime: RoutedModelRuntime, _ group: String, _ outcome: CascadeStep.Outcome) {
        metrics.registry.increment(GatewayMetrics.cascadeTiers, .init(["routed_model": runtime.model.name, "model_group": group, "outcome": outcome.rawValue]))
    }
}

import Hummingbird
import TriageSchema

extension ChatCompletionsController {
    /// The rules a virtual key and its team carry as `metadata.guardrails`, team first.
    /// `/key/generate`, `/key/update` and `/team/new` refuse bad ones, so a failure here is a
    /// key or team stored some other way.
    static func principalGuardrails(_ principal: Principal, cache: GuardrailCache) -> Result<[GuardrailChain.Source], ConfigError> {
        guard case .key(let key, let team) = principal else { return .success([]) }
        var sources: [GuardrailChain.Source] = []
        for (metadata, scope) in [(team?.metadata, "team."), (key.metadata, "key.")] {
            guard let value = metadata?["guardrails"], value != .null else { continue }
            switch cache.metadataSettings(value) {
            case .success(let settings): sources.append(GuardrailChain.Source(settings: settings, scope: scope))
            case .failure(let error): return .failure(error)
            }
        }
        return .success(sources)
    }

    /// The checks an answer from `group` gets: the rules of the groups the request was checked
    /// against on the way out, of `group` when it is a fallback, then the team's and the key's.
    func answerChain(_ call: Call, group: ModelGroup) -> GuardrailChain {
        let groups = call.guardedGroups.contains { $0.name == group.name } ? call.guardedGroups : call.guardedGroups + [group]
        return guardrailCache.chain(Self.sources(groups, principal: call.principalGuardrails))
    }

    static func sources(_ groups: [ModelGroup], principal: [GuardrailChain.Source]) -> [GuardrailChain.Source] {
        groups.map(\.guardrails).filter { !$0.isEmpty }.map { GuardrailChain.Source(settings: $0, scope: "") }
            + principal.filter { !$0.settings.isEmpty }
    }

    /// Runs the pre-flight checks of the requested group (for a routed model, of every group it
    /// may choose: any may answer) and the key's and team's; redacts `call.chat` in place, or
    /// returns the refusal.
    func preflight(_ call: inout Call, principal: Principal, runtime: RoutedModelRuntime?) -> Response? {
        switch Self.principalGuardrails(principal, cache: guardrailCache) {
        case .success(let sources):
            call.principalGuardrails = sources
        case .failure(let error):
            return ErrorResponse.make(.internalError, "This key's guardrails cannot be read: \(error.description)", code: "guardrail", requestID: call.requestID)
        }
        let names = runtime.map { $0.model.candidates.map(\.group) } ?? [call.chat.model]
        call.guardedGroups = names.compactMap(call.config.group(named:))
        let chain = guardrailCache.chain(Self.sources(call.guardedGroups, principal: call.principalGuardrails))
        guard !chain.isEmpty else { return nil }
        let checked = chain.preflight(call.chat)
        for rule in checked.redactions { countGuardrail(rule, action: "redact") }
        call.chat = checked.request
        guard let rule = checked.block else { return nil }
        countGuardrail(rule, action: "block")
        var response = ErrorResponse.make(.invalidRequest, Self.blockMessage(rule, prompt: true), param: "messages", code: "guardrail", requestID: call.requestID)
        response.headers.append(contentsOf: call.headers)  // the key's rate-limit headers, as on an answer
        return response
    }

    /// The rule a whole answer breaks, or nil; an answer that cannot be read is let through
    /// (it passed the upstream's own validation, and clients would get the same bytes anyway).
    func answerBreach(_ call: Call, _ answer: ChatExecutor.Completion) -> GuardrailRule? {
        let chain = answerChain(call, group: answer.group)
        guard chain.checksResponses, let completion = try? answer.value.completion() else { return nil }
        let text = completion.choices.compactMap(\.message.content).joined(separator: "\n")
        return chain.check(responseText: text)
    }

    /// A whole answer refused: billed and logged as the 400 the client gets.
    func refuseAnswer(_ call: Call, _ answer: ChatExecutor.Completion, rule: GuardrailRule, cost: Double, attempts: Int) -> Response {
        countGuardrail(rule, action: "block")
        recordRequest(group: answer.group, deployment: answer.deployment, status: 400, started: call.started)
        log(call, RequestOutcome(status: 400, group: answer.group, deployment: answer.deployment, usage: answer.value.usage, cost: cost, attempts: attempts))
        var response = ErrorResponse.make(.invalidRequest, Self.blockMessage(rule, prompt: false), code: "guardrail", requestID: call.requestID)
        response.headers.append(contentsOf: call.headers)
        return response
    }

    /// The error event that ends a stream whose answer broke a rule.
    static func breachEvent(_ rule: GuardrailRule) -> OpenAIErrorBody {
        OpenAIErrorBody(kind: .invalidRequest, message: blockMessage(rule, prompt: false), code: "guardrail")
    }

    /// Names the rule and what it found, never the matched text.
    static func blockMessage(_ rule: GuardrailRule, prompt: Bool) -> String {
        prompt
            ? "The request was blocked by guardrail '\(rule.name)': the prompt contains \(rule.finding)."
            : "The answer was blocked by guardrail '\(rule.name)': it contains \(rule.finding)."
    }

    func countGuardrail(_ rule: GuardrailRule, action: String) {
        metrics.registry.increment(GatewayMetrics.guardrailActions, .init(["rule": rule.name, "action": action]))
    }
}

import Foundation
import Hummingbird
import NIOCore
import TriageSchema

extension ChatCompletionsController {
    /// A 200 marked `x-triage-degraded` for a request every deployment and fallback failed:
    /// the group's cached answer to it (even an expired one), else its static answer. Nil, so
    /// the error stands, when the group has no last resort, the failure is the client's own
    /// (a bad request, a prompt too long) or a budget's, or neither tier has anything.
    func lastResort(_ error: ExecutionFailure, group: ModelGroup, call: Call, entry: CacheEntryUse?) -> Response? {
        guard let policy = group.lastResort, error.reservation == nil, error.kind.status >= 500 else { return nil }
        var call = call
        // `no-cache` holds here too: the client asked not to be answered from the cache.
        if policy.cache, let entry, entry.mayRead {
            switch cache.lookup(entry.key, group: entry.group, ttl: entry.settings.ttl) {
            case .fresh(let answer), .stale(let answer):
                call.headers[TriageHeaders.degraded] = "cache"
                if let reply = localAnswer(call, answer.body, group: group, deployment: answer.deployment, source: "(cache)", marker: "stale",
                                           attempts: error.attempts, fallbacks: error.fallbacks) {
                    count(group, "stale")
                    metrics.registry.increment(GatewayMetrics.lastResort, .init(["model_group": group.name, "source": "cache"]))
                    return reply
                }
            case .absent:
                break
            }
        }
        guard let text = policy.staticAnswer else { return nil }
        call.headers[TriageHeaders.degraded] = "static"
        metrics.registry.increment(GatewayMetrics.lastResort, .init(["model_group": group.name, "source": "static"]))
        let completion = ChatCompletion(
            id: "chatcmpl-" + call.requestID, created: Int(Date().timeIntervalSince1970), model: group.name,
            choices: [.init(index: 0, message: .init(content: text), finishReason: .stop)],
            usage: Usage(promptTokens: 0, completionTokens: 0))
        return localAnswer(call, ByteBuffer(bytes: completion.jsonBytes()), group: group, deployment: nil, source: "(static)",
                           marker: call.headers[TriageHeaders.cache], attempts: error.attempts, fallbacks: error.fallbacks)
    }
}

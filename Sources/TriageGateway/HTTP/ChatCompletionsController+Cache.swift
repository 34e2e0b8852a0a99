import Hummingbird
import NIOCore
import TriageSchema

extension ChatCompletionsController {
    /// A fresh cached answer when the request may have one; otherwise nil, with the call's
    /// response marked `miss` (or `bypass` for `no-cache`).
    func answerFromCache(_ call: inout Call, _ entry: CacheEntryUse, group: ModelGroup) -> Response? {
        guard entry.mayRead else {
            mark(&call, "bypass", group: group)
            return nil
        }
        guard case .fresh(let answer) = cache.lookup(entry.key, group: entry.group, ttl: entry.settings.ttl),
              let reply = localAnswer(call, answer.body, group: group, deployment: answer.deployment, source: "(cache)", marker: "hit")
        else {
            mark(&call, "miss", group: group)
            return nil
        }
        count(group, "hit")
        return reply
    }

    /// Keeps a successful answer (whole, or a stream put back together), unless the request
    /// said `no-store`.
    func store(_ body: ByteBuffer, deployment: Deployment, in entry: CacheEntryUse) {
        guard entry.mayStore, CachedAnswer.isStorable(body) else { return }
        let held = cache.store(body, deployment: deployment.id, key: entry.key, group: entry.group, settings: entry.settings)
        let labels = MetricsRegistry.Labels(["model_group": entry.group])
        metrics.registry.set(GatewayMetrics.cacheEntries, labels, to: Double(held.entries))
        metrics.registry.set(GatewayMetrics.cacheBytes, labels, to: Double(held.bytes))
    }

    /// An answer the gateway gives without calling upstream (cached, or a last resort's static
    /// text), whole or replayed as a stream that ends with `[DONE]`. Nothing is billed.
    /// - Parameters:
    ///   - source: the `deployment` label it is counted under in `triage_requests_total`.
    ///   - marker: `x-triage-cache`, when the group has a cache.
    /// - Returns: nil when a streamed replay cannot read the stored body.
    func localAnswer(
        _ call: Call, _ body: ByteBuffer, group: ModelGroup, deployment: String?, source: String, marker: String?,
        attempts: [ExecutionFailure.Attempt] = [], fallbacks: Int = 0
    ) -> Response? {
        var headers: HTTPFields = [TriageHeaders.requestID: call.requestID]
        let payload: ByteBuffer
        if call.chat.stream {
            guard let completion = try? UpstreamAnswer(openAIBody: body).completion() else { return nil }
            var events = ByteBuffer()
            for chunk in completion.chunks(includeUsage: call.chat.includeUsage) { events.writeBytes(SSEWriter.data(chunk)) }
            events.writeBytes(SSEWriter.done)
            payload = events
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
        } else {
            payload = body
            headers[.contentType] = "application/json"
        }
        if let deployment { headers[TriageHeaders.model] = deployment }
        headers[TriageHeaders.attempts] = String(attempts.count)
        headers[TriageHeaders.fallbacks] = String(fallbacks)
        headers[TriageHeaders.cost] = TriageHeaders.decimal(0, places: 8)
        headers[TriageHeaders.overhead] = TriageHeaders.milliseconds(ContinuousClock.now - call.started)
        headers.append(contentsOf: call.headers)
        if let marker { headers[TriageHeaders.cache] = marker }
        metrics.registry.increment(GatewayMetrics.requests, .init(["model_group": group.name, "deployment": source, "status": "200"]))
        log(call, RequestOutcome(status: 200, group: group, cost: 0, attempts: attempts.count, failures: attempts))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: payload))
    }

    private func mark(_ call: inout Call, _ result: String, group: ModelGroup) {
        call.headers[TriageHeaders.cache] = result
        count(group, result)
    }

    /// `triage_cache_requests_total{model_group, result}`.
    func count(_ group: ModelGroup, _ result: String) {
        metrics.registry.increment(GatewayMetrics.cacheRequests, .init(["model_group": group.name, "result": result]))
    }
}

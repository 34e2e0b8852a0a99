import Hummingbird
import TriageSchema

/// `GET /health/deployments`: every deployment's state as the executor sees it; and
/// `POST /health/deployments/{id}` with `{"state": "down" | "up" | "auto"}` to force one out of
/// rotation or back in, for drills and for testing fallbacks.
struct DeploymentHealthController: Sendable {
    let state: GatewayState
    let health: HealthRegistry
    let metrics: GatewayMetrics

    func list() -> Response {
        let config = state.current
        let entries = config.modelGroups.flatMap { group in group.deployments.map { entry($0, group: group.name) } }
        return json(.object(["deployments": .array(entries)]))
    }

    func override(_ request: Request, id: String) async -> Response {
        let config = state.current
        guard let group = config.modelGroups.first(where: { $0.deployments.contains { $0.id == id } }),
              let deployment = group.deployments.first(where: { $0.id == id }) else {
            return ErrorResponse.make(.notFound, "No deployment '\(id)'. See GET /health/deployments.", requestID: nil)
        }
        let body = try? await request.body.collect(upTo: 4096)
        let requested = body.flatMap { try? JSONValue(parsing: $0.readableBytesView) }?["state"]?.stringValue
        guard let requested, let override = HealthOverride(rawValue: requested) else {
            return ErrorResponse.make(
                .invalidRequest, #"The body must be {"state": "down"}, {"state": "up"} or {"state": "auto"}."#, param: "state", requestID: nil)
        }
        health.setOverride(id, override)
        metrics.registry.set(GatewayMetrics.cooling, .init(["deployment": id]), to: override == .down ? 1 : 0)
        return json(entry(deployment, group: group.name))
    }

    private func entry(_ deployment: Deployment, group: String) -> JSONValue {
        let h = health.health(of: deployment.id)
        var remaining: JSONValue = .null
        if case let .open(until) = h.circuit { remaining = .number(milliseconds(until - health.clock.now)) }
        let available = h.override == .up || (h.override == .auto && !Self.isOpen(h.circuit))
        return .object([
            "id": .string(deployment.id),
            "model_group": .string(group),
            "model": .string(deployment.model),
            "state": .string(h.circuit.label),
            "override": .string(h.override.rawValue),
            "in_rotation": .bool(available),
            "in_flight": .integer(Int64(h.inFlight)),
            "latency_ms": h.latency.map { .number($0 * 1000) } ?? .null,
            "ttft_ms": h.timeToFirstToken.map { .number($0 * 1000) } ?? .null,
            "error_rate": h.errorRate.map { .number($0) } ?? .null,
            "consecutive_failures": .integer(Int64(h.consecutiveFailures)),
            "cooldown_remaining_ms": remaining,
        ])
    }

    private static func isOpen(_ circuit: CircuitState) -> Bool {
        if case .open = circuit { return true }
        return false
    }

    private func milliseconds(_ d: Duration) -> Double {
        (d.seconds * 1000).rounded()
    }

    private func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }
}

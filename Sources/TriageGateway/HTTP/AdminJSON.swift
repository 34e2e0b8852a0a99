import Foundation
import Hummingbird
import TriageSchema

/// How the admin API writes keys, teams and budgets: LiteLLM's field names, so its users'
/// scripts read Triage's answers too.
enum AdminJSON {
    static func key(_ key: VirtualKey, governance: Governance) async -> JSONValue {
        var o = JSONObject()
        o["token"] = .string(key.token)
        o["key_name"] = .string(key.preview)
        o["key_alias"] = text(key.alias)
        o["team_id"] = text(key.teamID)
        o["models"] = .array(key.models.map(JSONValue.string))
        await add(key.budget, scope: .key(key.token), governance: governance, to: &o)
        add(key.limits, to: &o)
        o["expires"] = date(key.expiresAt)
        o["metadata"] = .object(key.metadata)
        o["created_at"] = date(key.createdAt)
        return .object(o)
    }

    static func team(_ team: Team, governance: Governance) async -> JSONValue {
        var o = JSONObject()
        o["team_id"] = .string(team.id)
        o["team_alias"] = text(team.alias)
        o["models"] = .array(team.models.map(JSONValue.string))
        await add(team.budget, scope: .team(team.id), governance: governance, to: &o)
        add(team.limits, to: &o)
        o["metadata"] = .object(team.metadata)
        o["created_at"] = date(team.createdAt)
        return .object(o)
    }

    /// `max_budget`, `budget_duration`, `spend` (this period's, or all time without a budget),
    /// `reserved` (held by requests in flight) and `budget_reset_at`.
    private static func add(_ budget: Budget?, scope: GovernanceScope, governance: Governance, to o: inout JSONObject) async {
        o["max_budget"] = budget.map { .number($0.maxUSD) } ?? .null
        o["budget_duration"] = text(budget?.duration?.description)
        await governance.refreshBudget(scope)
        if budget != nil, let state = governance.budgetState(scope) {
            o["spend"] = .number(state.spent)
            o["reserved"] = .number(state.reserved)
            o["budget_reset_at"] = date(state.period.end)
        } else {
            o["spend"] = .number(await governance.spentAllTime(scope))
            o["reserved"] = .number(0)
            o["budget_reset_at"] = .null
        }
    }

    private static func add(_ limits: UsageLimits, to o: inout JSONObject) {
        o["rpm_limit"] = limits.rpm.map { .integer(Int64($0)) } ?? .null
        o["tpm_limit"] = limits.tpm.map { .integer(Int64($0)) } ?? .null
        o["max_parallel_requests"] = limits.maxParallelRequests.map { .integer(Int64($0)) } ?? .null
    }

    static func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    static func date(_ d: Date?) -> JSONValue {
        guard let d else { return .null }
        return .string(timestamp(d))
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    static func error(_ e: AdminError) -> Response {
        let kind: APIErrorKind = switch e.kind {
        case .invalid: .invalidRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .storage: .internalError
        }
        return ErrorResponse.make(kind, e.message, param: e.param, requestID: nil)
    }
}

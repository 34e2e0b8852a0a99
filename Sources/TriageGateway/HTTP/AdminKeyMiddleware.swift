import Hummingbird
import TriageSchema

/// The admin API answers the master key only: a virtual key is refused with 403 (it is a
/// credential, just not this kind), anything else with 401.
struct AdminKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: GatewayState
    /// Whether these routes stay open when no master key is configured (the deployment health
    /// view, for the open embedded default); keys, teams and spend never do.
    var openWithoutMasterKey = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch state.masterKey {
        case .unavailable:
            return ErrorResponse.make(.authentication, "The gateway's master key is not available.", requestID: nil)
        case .none:
            if openWithoutMasterKey { return try await next(request, context) }
            return ErrorResponse.make(
                .permissionDenied, "The admin API needs a master key: set server.master_key in the config or TRIAGE_MASTER_KEY in the environment.",
                requestID: nil)
        case .key(let expected):
            guard let presented = APIKeyMiddleware.presentedKey(request.headers) else {
                return ErrorResponse.make(
                    .authentication, "Missing API key: send the master key as 'Authorization: Bearer <key>'.", code: "invalid_api_key", requestID: nil)
            }
            if KeySecret.constantTimeEqual(Array(presented.utf8), Array(expected.utf8)) { return try await next(request, context) }
            if state.governance.key(forSecret: presented) != nil {
                return ErrorResponse.make(.permissionDenied, "Virtual keys cannot use the admin API; use the master key.", requestID: nil)
            }
            return ErrorResponse.make(.authentication, "Incorrect API key provided.", code: "invalid_api_key", requestID: nil)
        }
    }
}

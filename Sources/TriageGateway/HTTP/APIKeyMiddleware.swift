import Foundation
import HTTPTypes
import Hummingbird
import TriageSchema

/// Who may call the model API. With a master key configured (`server.master_key` or
/// `TRIAGE_MASTER_KEY`), a request must carry it or a live virtual key, as
/// `Authorization: Bearer KEY` (OpenAI's SDKs) or `x-api-key: KEY` (Anthropic's); anything
/// else is a 401 that never echoes what was sent. Without one the API is open, as the embedded
/// defaults choose (they listen on 127.0.0.1 only), and a virtual key presented still counts,
/// so its limits and spend apply. The principal found rides in the request context.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let state: GatewayState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch Self.identify(request.headers, state: state) {
        case .success(let principal): context.principal = principal
        case .failure(let refusal): return refusal.response
        }
        return try await next(request, context)
    }

    /// A refused credential and how to say so.
    struct Refusal: Error {
        var kind: APIErrorKind
        var message: String
        var code: String?

        var response: Response { ErrorResponse.make(kind, message, code: code, requestID: nil) }
    }

    static func identify(_ headers: HTTPFields, state: GatewayState) -> Result<Principal, Refusal> {
        let master = state.masterKey
        if master == .unavailable {
            // A missing variable was refused at start and on reload; reaching here is a bug that must fail closed.
            return .failure(Refusal(kind: .authentication, message: "The gateway's master key is not available."))
        }
        guard let presented = presentedKey(headers) else {
            guard master == .none else {
                return .failure(Refusal(kind: .authentication, message: "Missing API key: send it as 'Authorization: Bearer <key>'.", code: "invalid_api_key"))
            }
            return .success(.anonymous)
        }
        if case .key(let expected) = master, KeySecret.constantTimeEqual(Array(presented.utf8), Array(expected.utf8)) {
            return .success(.master)
        }
        if let key = state.governance.key(forSecret: presented) {
            if key.isExpired(at: state.governance.clock.now()) {
                let when = key.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "?"
                return .failure(Refusal(kind: .authentication, message: "This API key expired at \(when).", code: "expired_api_key"))
            }
            return .success(.key(key, state.governance.team(key.teamID)))
        }
        guard master == .none else {
            return .failure(Refusal(kind: .authentication, message: "Incorrect API key provided.", code: "invalid_api_key"))
        }
        // Open gateway: a key it does not know (an SDK's placeholder) is no credential at all.
        return .success(.anonymous)
    }

    /// The key in `Authorization: Bearer …`, else in `x-api-key`.
    static func presentedKey(_ headers: HTTPFields) -> Substring? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].drop { $0 == " " } }
        }
        return headers[TriageHeaders.apiKey].map { Substring($0) }
    }
}

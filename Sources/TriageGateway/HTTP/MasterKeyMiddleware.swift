import HTTPTypes
import Hummingbird
import TriageSchema

/// With `server.master_key` set, the API answers only requests that carry it, as
/// `Authorization: Bearer KEY` (OpenAI's SDKs) or `x-api-key: KEY` (Anthropic's); anything else
/// is a 401 that never echoes what was sent. Without a master key the API is open, which the
/// embedded defaults choose because they listen on 127.0.0.1 only. Virtual keys extend this.
struct MasterKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: GatewayState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let reference = state.current.server.masterKey else { return try await next(request, context) }
        // A missing variable was refused at start and on reload; reaching here without it is a bug
        // that must fail closed.
        guard let expected = try? reference.resolve(in: state.environment) else {
            return ErrorResponse.make(.authentication, "The gateway's master key is not available.", requestID: nil)
        }
        guard let presented = Self.presentedKey(request.headers) else {
            return ErrorResponse.make(
                .authentication, "Missing API key: send it as 'Authorization: Bearer <key>'.", code: "invalid_api_key", requestID: nil)
        }
        guard Self.constantTimeEqual(Array(presented.utf8), Array(expected.utf8)) else {
            return ErrorResponse.make(.authentication, "Incorrect API key provided.", code: "invalid_api_key", requestID: nil)
        }
        return try await next(request, context)
    }

    /// The key in `Authorization: Bearer …`, else in `x-api-key`.
    static func presentedKey(_ headers: HTTPFields) -> Substring? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].drop { $0 == " " } }
        }
        return headers[TriageHeaders.apiKey].map { Substring($0) }
    }

    /// Equal contents, in a time that depends only on the expected key's length, so response
    /// timing does not reveal how much of a guess was right.
    static func constantTimeEqual(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: presented.count ^ expected.count)
        for i in expected.indices {
            difference |= (i < presented.count ? presented[i] : 0) ^ expected[i]
        }
        return difference == 0
    }
}

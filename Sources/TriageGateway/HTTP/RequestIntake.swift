import Foundation
import Hummingbird
import TriageSchema

/// The first steps every API request shares: an id, the configuration snapshot it will be
/// served with, the body within the size limit (413 beyond), parsed and validated (400).
struct RequestIntake<Body: JSONRequestBody>: Sendable {
    let requestID: String
    let started: ContinuousClock.Instant
    let config: GatewayConfig
    /// The routed models of `config`.
    let routing: RoutingTable
    let body: Body
    /// The body's size in bytes, which bounds its prompt tokens.
    let bodyBytes: Int

    enum Outcome {
        case accepted(RequestIntake)
        case rejected(Response)
    }

    static func read(_ request: Request, state: GatewayState) async -> Outcome {
        let requestID = "req-" + UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        let (config, routing) = state.snapshot
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: config.server.maxRequestBodyBytes)
        } catch {
            return .rejected(ErrorResponse.make(
                .requestTooLarge, "Request body exceeds the limit of \(config.server.maxRequestBodyBytes) bytes.", requestID: requestID))
        }
        do {
            let body = try Body(body: bytes.readableBytesView)
            return .accepted(RequestIntake(requestID: requestID, started: started, config: config, routing: routing, body: body, bodyBytes: bytes.readableBytes))
        } catch {
            return .rejected(ErrorResponse.make(.invalidRequest, error.message, param: error.param, code: error.code, requestID: requestID))
        }
    }
}

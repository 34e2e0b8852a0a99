import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

extension StoreError {
    /// What PostgresNIO threw, as a person can act on it. PostgresNIO's own descriptions are
    /// deliberately generic (they could leak data); the server's message, the SQLSTATE and the
    /// network's error say what happened without echoing a query's values.
    init(postgres error: any Error, context: String) {
        switch error {
        case let e as StoreError:
            self = e
        case let e as PostgresTransactionError:
            let inner: (any Error)? = e.closureError ?? e.beginError ?? e.commitError ?? e.rollbackError
            self = inner.map { StoreError(postgres: $0, context: context) } ?? StoreError("the transaction failed", context: context)
        case let e as PSQLError:
            if let message = e.serverInfo?[.message] {
                let state = e.serverInfo?[.sqlState]
                // Deadlocks, serialisation failures and a server shutting down pass: try again.
                // So do a database refusing connections (55000) and "too many clients" (53300).
                let transient = state.map { ["40", "57P", "08", "53", "55"].contains(where: $0.hasPrefix) } ?? false
                self.init(message, context: context, code: state.map { "SQLSTATE \($0)" }, unreachable: transient)
            } else if let underlying = e.underlying, e.code == .connectionError {
                self.init(Self.describe(underlying), context: context, unreachable: true)
            } else {
                self.init(Self.describe(e.code, underlying: e.underlying), context: context, unreachable: e.code != .poolClosed)
            }
        case is CancellationError:
            self.init("cancelled", context: context)
        default:
            self.init(Self.describe(error), context: context, unreachable: true)
        }
    }

    /// What a client-side failure means for the person starting the gateway.
    private static func describe(_ code: PSQLError.Code, underlying: (any Error)?) -> String {
        switch code {
        case .poolClosed: "the store is closed"
        case .queryCancelled: "cancelled"
        case .serverClosedConnection: "the server closed the connection, or could not be reached"
        case .sslUnsupported: "the server does not offer TLS, which the URL's sslmode requires"
        case .authMechanismRequiresPassword: "the server asks for a password and the URL gives none"
        case .unsupportedAuthMechanism: "the server asks for an authentication method the client does not support"
        default: underlying.map(describe) ?? "\(code)"
        }
    }

    private static func describe(_ error: any Error) -> String {
        // Connecting: the system's word for the last address tried ("Connection refused").
        if let e = error as? NIOConnectionError, let last = e.connectionErrors.last {
            if let io = last.error as? IOError { return String(cString: strerror(io.errnoCode)) + " (\(e.host):\(e.port))" }
            return describe(last.error)
        }
        let text = String(describing: error)
        // The pool's circuit breaker: every connection attempt has failed for a while.
        if text.contains("connectionCreationCircuitBreakerTripped") { return "the server has been unreachable for a while" }
        return text
    }
}

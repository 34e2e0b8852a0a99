import NIOCore
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
                self.init(message, context: context, code: e.serverInfo?[.sqlState].map { "SQLSTATE \($0)" })
            } else if e.code == .poolClosed {
                self.init("the store is closed", context: context)
            } else if e.code == .queryCancelled {
                self.init("cancelled", context: context)
            } else if let underlying = e.underlying {
                self.init(Self.describe(underlying), context: context)
            } else {
                self.init("\(e.code)", context: context)
            }
        case is CancellationError:
            self.init("cancelled", context: context)
        default:
            self.init(Self.describe(error), context: context)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        // The pool's circuit breaker: every connection attempt has failed for a while.
        if text.contains("connectionCreationCircuitBreakerTripped") { return "the server has been unreachable for a while" }
        return text
    }
}

import Foundation

/// One attempt's line in the ledger: its worst case, reserved before it was sent, and what it
/// was billed once it answered (0 for an attempt that failed without billed tokens).
struct SpendCharge: Sendable, Equatable {
    enum State: String, Sendable {
        /// Reserved and not yet settled: in flight, or left by a crash.
        case reserved
        case settled
        /// Left reserved by a crash and settled at its worst case on the next start.
        case recovered
    }

    var sequence: Int
    var time: Date
    var group: String
    var deployment: String
    var state: State = .reserved
    var reservedUSD: Double
    var costUSD: Double = 0
    var promptTokens = 0
    var completionTokens = 0
}

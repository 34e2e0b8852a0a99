import Foundation

/// A request's row in the ledger: who asked, for which model, and the total of its charges.
struct SpendRequestRow: Sendable, Equatable {
    var requestID: String
    var time: Date
    var keyToken: String?
    var teamID: String?
    var model: String
    var state: SpendCharge.State
    var reservedUSD: Double
    var costUSD: Double
    var promptTokens: Int
    var completionTokens: Int
    /// The HTTP status the request was answered with; nil until settled.
    var status: Int?
    var settledAt: Date?
}

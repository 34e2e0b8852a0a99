import Foundation

/// A write to the spend ledger; a store applies a batch of them in one transaction.
///
/// `.open` and `.reserve` carry an attempt's worst case and its model group, and name their
/// request, whose row holds its key and team: everything a store needs to check the
/// reservation against the budgets itself, in the same transaction (a conditional update in
/// PostgreSQL), which is how budgets can become exact across replicas.
enum LedgerWrite: Sendable {
    /// A request's first reserved charge, which opens its row.
    case open(SpendRequestRow, SpendCharge)
    /// One more reserved charge (a retry, a hedge, a cascade tier) and the new reserved total.
    case reserve(SpendCharge, requestID: String, reservedTotal: Double)
    /// The request's totals and every charge's billed cost; creates the row of a request
    /// that reserved nothing in the store (no budget applied).
    case settle(SpendRequestRow, [SpendCharge])
    /// Shared budgets only (PostgreSQL): holds recorded in the store end, each giving back what
    /// it held and adding its cost (0 for a release) to its budgets' counters.
    case endHolds([HoldEnding])
    /// Shared budgets only: cost spent without a hold (admitted while the store was down with
    /// budgets open), added to each budget's counter in the period it was spent in.
    case addSpend([UnheldSpend])
    /// Shared rate limits only: admitted requests end, their real token counts replacing the
    /// estimates they were admitted with.
    case finishRates([RateFinish])
}

extension LedgerWrite {
    /// A write a request waits on before sending an attempt.
    var isReservation: Bool {
        switch self {
        case .open, .reserve: true
        case .settle, .endHolds, .addSpend, .finishRates: false
        }
    }
}

/// One hold of one request ending at `costUSD`.
struct HoldEnding: Sendable, Equatable {
    var requestID: String
    var sequence: Int
    var costUSD: Double
}

/// Spend on a budget (by store key) in the period starting at `periodStart`.
struct UnheldSpend: Sendable, Equatable {
    var scope: String
    var periodStart: Date
    var costUSD: Double
}

/// The end of one admission counted in the shared windows.
struct RateFinish: Sendable, Equatable {
    var scopes: [String]
    var bucket: Int64
    var tokenChange: Int
}

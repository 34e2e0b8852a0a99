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
}

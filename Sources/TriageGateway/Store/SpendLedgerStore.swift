import Foundation

/// The spend ledger: one row per request and one per attempt, reserved at its worst case
/// before it is sent and settled at its billed cost.
///
/// Today the budgets' arithmetic runs in memory (`BudgetLedger`) and the store records its
/// outcome durably; `spent` seeds that arithmetic. Exact budgets across replicas move the
/// check into `apply` (see `LedgerWrite`) without changing this shape.
protocol SpendLedgerStore: AnyObject, Sendable {
    /// Charges reserved by a process that died before settling them are settled at their
    /// worst case: the upstream may have billed them, and a budget must not forget it.
    /// Returns how many requests were recovered.
    func recoverOpenReservations(at now: Date) async throws(StoreError) -> Int

    /// Applies `writes` in order in one transaction: all or none.
    func apply(_ writes: [LedgerWrite]) async throws(StoreError)

    /// What `scope` was billed by settled charges made at or after `start`.
    func spent(_ scope: GovernanceScope, since start: Date) async throws(StoreError) -> Double

    /// Request rows, newest first, between `start` and `end` (by request time).
    func requests(from start: Date?, to end: Date?, keyToken: String?, teamID: String?, limit: Int) async throws(StoreError) -> [SpendRequestRow]

    /// Spend between `start` and `end` grouped by key, team, model group or UTC day. Keys,
    /// teams and days group request rows; models group charges (one request may bill several).
    func report(_ grouping: SpendGrouping, from start: Date?, to end: Date?) async throws(StoreError) -> [SpendReportRow]

    /// The writer the request path hands its ledger writes to: each backend groups commits its
    /// own way (SQLite on a thread of its own, PostgreSQL on a task).
    func makeLedgerCommitter() -> any LedgerCommitting
}

/// Keys, teams and the spend ledger: the half of the store governance reads and writes. The
/// other half is `TelemetryStore`; both backends implement both, over one SQLite file or one
/// PostgreSQL database.
///
/// Writes are committed when their call returns (a crash after it forgets no key and no money).
/// Calls are `async` for the reason `TelemetryStore` gives.
typealias GovernanceStore = KeyStore & SpendLedgerStore

import Foundation

/// A governance store several replicas share (PostgreSQL): budgets and rate limits are
/// checked and counted in it, atomically, so their caps hold across replicas; replicas beat a
/// heartbeat in it so a dead one's reservations can be settled by the others.
protocol SharedGovernanceStore: GovernanceStore {
    /// This process's name among the replicas (its holds and open requests carry it).
    var replicaID: String { get }
    var refreshInterval: Duration { get }
    /// Whether the store answered the last call a request waited on.
    var isReachable: Bool { get }

    /// Reserves `amount` against every (scope, period, cap) at once, or none, as hold
    /// `sequence` of request `request`.
    func reserveBudget(_ amount: Double, caps: [BudgetCap], request: String, sequence: Int) async throws(StoreError) -> SharedBudgetVerdict

    /// Creates the counter of a budget's period if it does not exist, starting at `spent` (what
    /// the ledger says was spent in it); returns the counter's spent and reserved.
    func seedBudget(scope: String, periodStart: Date, spent: Double) async throws(StoreError) -> (spent: Double, reserved: Double)

    /// Admits one request estimated at `tokens` against every scope's limits over `window`.
    func admitRate(scopes: [String], limits: [UsageLimits], tokens: Int, window: Duration) async throws(StoreError) -> SharedRateVerdict

    /// Says this replica is alive (first call: registers it).
    func heartbeat() async throws(StoreError)

    /// Settles what replicas silent for longer than the replica timeout left open; returns
    /// the requests recovered.
    func recoverDeadReplicas(now: Date) async throws(StoreError) -> Int

    /// Leaves the replicas (a clean stop, everything settled).
    func deregister() async

    /// A number that changes whenever any replica changes a key or a team.
    func directoryVersion() async throws(StoreError) -> Int
}

/// One budget's part in a shared reservation.
struct BudgetCap: Sendable, Equatable {
    var scope: String
    var periodStart: Date
    var capUSD: Double
}

enum SharedBudgetVerdict: Sendable, Equatable {
    /// Each budget's spent and reserved after the reservation, in the order asked.
    case reserved([Counter])
    /// Budget `index` is full only because of other requests' reservations.
    case wait(index: Int, Counter)
    case denied(index: Int, Counter)

    struct Counter: Sendable, Equatable {
        var spent: Double
        var reserved: Double
    }
}

enum SharedRateVerdict: Sendable, Equatable {
    /// Counted in `bucket`; per scope, the window's requests and tokens with this one, the
    /// requests in flight, and the oldest bucket counted (for the reset headers).
    case admitted(bucket: Int64, nowMS: Int64, scopes: [Window])
    case refused(index: Int, limit: RateLimitDenial.Limit, retryAfterMS: Int)

    struct Window: Sendable, Equatable {
        var requests: Int
        var tokens: Int
        var inFlight: Int
        var oldestBucket: Int64
    }
}

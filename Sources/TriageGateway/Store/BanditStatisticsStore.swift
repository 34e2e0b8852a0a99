import TriageCore

/// The learning routed models' bandit statistics, one row per (routed model, arm): saved as
/// feedback updates them, loaded when a config starts serving.
///
/// The sums are additive (Σxxᵀ, Σrx, count), which is what will let replicas sharing a store
/// merge what each learned instead of overwriting it.
public protocol BanditStatisticsStore: AnyObject, Sendable {
    /// Saves one arm's statistics; a save never replaces statistics with more observations.
    func saveArm(routedModel: String, arm: String, _ statistics: LinearArmStatistics) async throws(StoreError)

    /// The stored arms of a routed model, by arm name; rows that do not decode are skipped.
    func loadArms(routedModel: String) async throws(StoreError) -> [String: LinearArmStatistics]
}

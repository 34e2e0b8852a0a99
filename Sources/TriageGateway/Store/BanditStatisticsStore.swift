import TriageCore

/// The learning routed models' bandit statistics, one row per (routed model, arm): merged into
/// as feedback updates them, loaded when a config starts serving and, with several replicas,
/// read back every refresh interval.
///
/// The sums are additive (Σxxᵀ, Σrx, count): each replica adds what it learned since its last
/// merge, so the stored totals are what one gateway would have learned from all the feedback.
public protocol BanditStatisticsStore: AnyObject, Sendable {
    /// Adds `delta`'s sums to the stored arm atomically; returns the merged total.
    func mergeArm(routedModel: String, arm: String, adding delta: LinearArmStatistics) async throws(StoreError) -> LinearArmStatistics

    /// The stored arms of a routed model, by arm name; rows that do not decode are skipped.
    func loadArms(routedModel: String) async throws(StoreError) -> [String: LinearArmStatistics]
}

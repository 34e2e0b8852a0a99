import Synchronization
import TriageCore
import TriageSchema

/// A learning routed model's contextual bandit, shared by its requests behind a lock.
final class BanditRuntime: Sendable {
    let settings: LearningSettings
    let arms: [String]
    let dimension: Int
    private let bandit: Mutex<ContextualBandit>
    /// Per arm, what was learned here since the last merge into the store: the additive part
    /// the store has not seen. Changed under `bandit`'s lock, together with the arm.
    private let pending: Mutex<[LinearArmStatistics]>
    /// One merge at a time: a merge adopting an older total after a newer one would undo it.
    let mergeLock = AsyncLock()

    /// - Parameters:
    ///   - stored: arms loaded from the request log, by candidate group.
    ///   - previous: the runtime this one replaces on reload; its state carries over when the
    ///     arms and dimension match (the budget too, when the settings did not change).
    init(_ settings: LearningSettings, candidates: [String], stored: [String: LinearArmStatistics], previous: BanditRuntime?) {
        self.settings = settings
        self.arms = candidates
        let d = BanditContext.dimension(candidates: candidates.count)
        self.dimension = d
        let budget = ExplorationBudget(maxShare: settings.maxExplorationShare, maxSpendPerPeriod: settings.maxExplorationUSDPerDay)
        pending = Mutex(candidates.map { _ in LinearArmStatistics(dimension: d) })
        if let previous, previous.arms == candidates, previous.dimension == d {
            var carried = previous.bandit.withLock { $0 }
            if previous.settings != settings {
                carried = ContextualBandit(arms: carried.arms, policy: SoftmaxUCBPolicy(temperature: settings.temperature, bonus: settings.bonus), budget: budget)
            }
            bandit = Mutex(carried)
        } else {
            let loaded = candidates.map { stored[$0].flatMap { $0.dimension == d ? $0 : nil } ?? LinearArmStatistics(dimension: d) }
            bandit = Mutex(ContextualBandit(arms: loaded, policy: SoftmaxUCBPolicy(temperature: settings.temperature, bonus: settings.bonus), budget: budget))
        }
    }

    func choose(context x: [Double], prior: [Double], cost: [Double], episode: String?, uniform u: Double, now: Double) -> ContextualBandit.Choice {
        bandit.withLock { $0.choose(context: x, prior: prior, cost: cost, episode: episode, uniform: u, now: now) }
    }

    func means(context x: [Double], prior: [Double]) -> [Double] {
        bandit.withLock { $0.means(context: x, prior: prior) }
    }

    /// Learns one reward; false when it did not fit the arm. What it adds waits in `pending`
    /// for the next merge.
    @discardableResult
    func learn(arm: Int, context x: [Double], prior: Double, reward: Double) -> Bool {
        bandit.withLock { b in
            guard b.learn(arm: arm, context: x, prior: prior, reward: reward) else { return false }
            pending.withLock { $0[arm].update(x, reward: reward - prior) }
            return true
        }
    }

    /// Corrects a learned reward whose feedback was revised.
    @discardableResult
    func revise(arm: Int, context x: [Double], rewardChange delta: Double) -> Bool {
        bandit.withLock { b in
            guard b.revise(arm: arm, context: x, rewardChange: delta) else { return false }
            pending.withLock { $0[arm].revise(x, rewardChange: delta) }
            return true
        }
    }

    /// Adds what arm `arm` learned here since the last merge to the store's totals, and
    /// takes the totals (which include other replicas' merges) plus what was learned during
    /// the round trip as the arm's statistics. On failure the delta waits for the next merge.
    func merge(arm: Int, routedModel: String, into store: any BanditStatisticsStore) async throws(StoreError) {
        try await mergeLock.withLock { () async throws(StoreError) in
            let d = dimension
            let delta = pending.withLock { p in
                defer { p[arm] = LinearArmStatistics(dimension: d) }
                return p[arm]
            }
            let total: LinearArmStatistics
            do throws(StoreError) {
                total = try await store.mergeArm(routedModel: routedModel, arm: arms[arm], adding: delta)
            } catch {
                pending.withLock { p in p[arm] = p[arm].merged(with: delta) ?? p[arm] }
                throw error
            }
            adopt(arm: arm, total: total)
        }
    }

    /// Reads every arm's totals back (other replicas' merges) without adding anything: for
    /// arms with nothing pending here, the store's totals are the whole state.
    func refresh(routedModel: String, from store: any BanditStatisticsStore) async {
        await mergeLock.withLock {
            guard let stored = try? await store.loadArms(routedModel: routedModel) else { return }
            for (arm, name) in arms.enumerated() {
                if let total = stored[name] { adopt(arm: arm, total: total) }
            }
        }
    }

    /// The arm becomes `total` plus whatever was learned here and is not merged yet.
    private func adopt(arm: Int, total: LinearArmStatistics) {
        bandit.withLock { b in
            let unmerged = pending.withLock { $0[arm] }
            if let combined = total.merged(with: unmerged) { b.replaceArm(arm, with: combined) }
        }
    }

    /// An arm's statistics now.
    func statistics(arm: Int) -> LinearArmStatistics {
        bandit.withLock { $0.arms[arm] }
    }

    /// What exploration has spent: the window's explored share and today's and all-time USD.
    var exploration: (share: Double, spentToday: Double, spentTotal: Double) {
        bandit.withLock { ($0.budget.exploredShare, $0.budget.spentThisPeriod, $0.budget.spentTotal) }
    }

    /// Observations per arm.
    var counts: [Int] { bandit.withLock { $0.arms.map(\.count) } }
}

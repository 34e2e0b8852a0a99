/// What a replica on a shared store does every refresh interval: beat its heartbeat, settle
/// what dead replicas left reserved, reload keys and teams when another replica changed them,
/// and read the budgets' counters again for the admin API. A failed step waits for the next
/// interval; the request path never waits on this loop.
enum SharedStateRefresh {
    static func start(for governance: Governance, store: any SharedGovernanceStore) -> Task<Void, Never> {
        Task { [weak governance] in
            var version = (try? await store.directoryVersion()) ?? -1
            while !Task.isCancelled {
                try? await Task.sleep(for: store.refreshInterval)
                guard !Task.isCancelled, let governance else { return }
                try? await store.heartbeat()
                _ = try? await store.recoverDeadReplicas(now: governance.clock.now())
                if let current = try? await store.directoryVersion(), current != version,
                   let keys = try? await store.keys(), let teams = try? await store.teams() {
                    await governance.load(keys: keys, teams: teams)
                    version = current
                }
                if let ledger = governance.ledger as? SharedBudgetLedger {
                    await ledger.refresh(ledger.scopes, now: governance.clock.now())
                }
            }
        }
    }
}

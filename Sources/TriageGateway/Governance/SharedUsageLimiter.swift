import Foundation
import Synchronization
import TriageSchema

/// Rate limits counted in a store every replica shares: one atomic call per admission checks
/// and counts the request in every scope's window, so N replicas together admit at most the
/// limit. Windows are counted in sixtieths (a second of a minute's window), whole buckets at
/// the window's edge: admission is at most one bucket stricter than an exact sliding window,
/// never looser. While the store is down, `rateLimitsWhenStoreDown` decides: this replica's
/// own windows (open) or refusal (closed).
final class SharedUsageLimiter: RateLimiting {
    private let store: any SharedGovernanceStore
    private let writer: any LedgerCommitting
    /// Counts only while the store is down (open mode).
    let local = UsageLimiter()
    private let whenDown = Mutex(StoreOutageMode.open)

    init(store: any SharedGovernanceStore, writer: any LedgerCommitting) {
        self.store = store
        self.writer = writer
    }

    func setOutageMode(_ mode: StoreOutageMode) {
        whenDown.withLock { $0 = mode }
    }

    func admit(_ scopes: [(GovernanceScope, UsageLimits)], tokens: Int, now: Date) async -> Result<(UsageLimiter.Ticket, RateLimitStatus), AdmissionDenial> {
        let limited = scopes.filter { !$0.1.isEmpty }
        guard !limited.isEmpty else { return .success((UsageLimiter.Ticket(request: 0, scopes: []), RateLimitStatus())) }
        let keys = limited.map { $0.0.storeKey }
        let window = local.window
        let verdict: SharedRateVerdict
        do throws(StoreError) {
            verdict = try await store.admitRate(scopes: keys, limits: limited.map(\.1), tokens: tokens, window: .milliseconds(Int(window * 1000)))
        } catch {
            guard whenDown.withLock({ $0 }) == .open, error.unreachable else { return .failure(.storeUnavailable(error.description)) }
            return await local.admit(scopes, tokens: tokens, now: now)
        }
        switch verdict {
        case .refused(let index, let limit, let retryAfterMS):
            let (scope, limits) = limited[max(0, min(index, limited.count - 1))]
            let cap = switch limit {
            case .parallel: limits.maxParallelRequests ?? 0
            case .requests: limits.rpm ?? 0
            case .tokens: limits.tpm ?? 0
            }
            return .failure(.rateLimited(RateLimitDenial(scope: scope, limit: limit, cap: cap, retryAfter: .milliseconds(retryAfterMS))))
        case .admitted(let bucket, let nowMS, let windows):
            let bucketMS = max(1, Int64(window * 1000) / 60)
            var status = RateLimitStatus()
            for ((_, limits), w) in zip(limited, windows) {
                let reset = Duration.milliseconds(max(1, (w.oldestBucket + 1) * bucketMS + Int64(window * 1000) - nowMS))
                if let rpm = limits.rpm, status.requestsRemaining.map({ rpm - w.requests < $0 }) ?? true {
                    (status.requestLimit, status.requestsRemaining, status.requestsReset) = (rpm, rpm - w.requests, reset)
                }
                if let tpm = limits.tpm, status.tokensRemaining.map({ tpm - w.tokens < $0 }) ?? true {
                    (status.tokenLimit, status.tokensRemaining, status.tokensReset) = (tpm, tpm - w.tokens, reset)
                }
            }
            var ticket = UsageLimiter.Ticket(request: 0, scopes: limited.map(\.0))
            ticket.shared = (bucket, keys, tokens)
            return .success((ticket, status))
        }
    }

    func finish(_ ticket: UsageLimiter.Ticket, tokens: Int?) {
        guard let shared = ticket.shared else {
            local.finish(ticket, tokens: tokens)
            return
        }
        let change = tokens.map { $0 - shared.estimate } ?? 0
        writer.submit(.finishRates([RateFinish(scopes: shared.scopes, bucket: shared.bucket, tokenChange: change)]), completion: nil)
    }
}

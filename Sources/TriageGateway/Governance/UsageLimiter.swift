import DequeModule
import Foundation
import Synchronization

/// Requests per minute, tokens per minute and parallel requests of keys and teams, counted in
/// memory over sliding 60-second windows. Admission checks every scope of a request and counts
/// it in all of them in one step under one lock, so concurrent requests cannot slip past a cap.
/// Tokens are estimated at admission and replaced by the real usage when the request settles.
final class UsageLimiter: Sendable {
    struct Entry: Sendable {
        var at: Date
        var request: UInt64
        var tokens: Int
    }

    struct Window: Sendable {
        var entries = Deque<Entry>()
        var tokens = 0
        var inFlight = 0

        mutating func prune(before cutoff: Date) {
            while let first = entries.first, first.at <= cutoff {
                tokens -= first.tokens
                entries.removeFirst()
            }
        }
    }

    /// A request's place in its scopes' windows, to settle and end it.
    struct Ticket: Sendable {
        var request: UInt64
        var scopes: [GovernanceScope]
    }

    static let window: TimeInterval = 60
    private let windows = Mutex<(next: UInt64, byScope: [GovernanceScope: Window])>((0, [:]))

    /// Admits a request estimated at `tokens` against every scope's limits, or explains which
    /// refused it. On admission the status reports the tightest limits after counting it.
    func admit(_ scopes: [(GovernanceScope, UsageLimits)], tokens: Int, now: Date) -> Result<(Ticket, RateLimitStatus), RateLimitDenial> {
        let cutoff = now.addingTimeInterval(-Self.window)
        return windows.withLock { state in
            var status = RateLimitStatus()
            for (scope, limits) in scopes where !limits.isEmpty {
                var w = state.byScope[scope] ?? Window()
                w.prune(before: cutoff)
                state.byScope[scope] = w
                if let cap = limits.maxParallelRequests, w.inFlight >= cap {
                    return .failure(RateLimitDenial(scope: scope, limit: .parallel, cap: cap, retryAfter: .seconds(1)))
                }
                if let rpm = limits.rpm, w.entries.count >= rpm {
                    let oldest = w.entries[w.entries.count - rpm].at
                    return .failure(RateLimitDenial(scope: scope, limit: .requests, cap: rpm, retryAfter: Self.until(oldest, now)))
                }
                if let tpm = limits.tpm, w.tokens + tokens > tpm {
                    return .failure(RateLimitDenial(scope: scope, limit: .tokens, cap: tpm,
                                                    retryAfter: Self.tokensFree(w, needed: w.tokens + tokens - tpm, now: now)))
                }
            }
            state.next += 1
            let id = state.next
            var counted: [GovernanceScope] = []
            for (scope, limits) in scopes where !limits.isEmpty {
                var w = state.byScope[scope]!
                w.entries.append(Entry(at: now, request: id, tokens: tokens))
                w.tokens += tokens
                w.inFlight += 1
                state.byScope[scope] = w
                counted.append(scope)
                Self.report(w, limits, now: now, into: &status)
            }
            return .success((Ticket(request: id, scopes: counted), status))
        }
    }

    /// Replaces the request's estimate with its real token count and ends it.
    func finish(_ ticket: Ticket, tokens: Int?) {
        windows.withLock { state in
            for scope in ticket.scopes {
                guard var w = state.byScope[scope] else { continue }
                w.inFlight = max(0, w.inFlight - 1)
                if let tokens, let i = w.entries.lastIndex(where: { $0.request == ticket.request }) {
                    w.tokens += tokens - w.entries[i].tokens
                    w.entries[i].tokens = tokens
                }
                state.byScope[scope] = w
            }
        }
    }

    /// Keeps the tighter of what is already reported and what `w` allows.
    private static func report(_ w: Window, _ limits: UsageLimits, now: Date, into status: inout RateLimitStatus) {
        if let rpm = limits.rpm {
            let remaining = rpm - w.entries.count
            if status.requestsRemaining.map({ remaining < $0 }) ?? true {
                status.requestLimit = rpm
                status.requestsRemaining = remaining
                status.requestsReset = w.entries.first.map { until($0.at, now) } ?? .zero
            }
        }
        if let tpm = limits.tpm {
            let remaining = tpm - w.tokens
            if status.tokensRemaining.map({ remaining < $0 }) ?? true {
                status.tokenLimit = tpm
                status.tokensRemaining = remaining
                status.tokensReset = w.entries.first.map { until($0.at, now) } ?? .zero
            }
        }
    }

    /// When an entry made at `at` leaves the window.
    private static func until(_ at: Date, _ now: Date) -> Duration {
        .milliseconds(max(1, Int((at.addingTimeInterval(window).timeIntervalSince(now) * 1000).rounded(.up))))
    }

    /// When enough of the window's tokens have aged out to free `needed`.
    private static func tokensFree(_ w: Window, needed: Int, now: Date) -> Duration {
        var freed = 0
        for entry in w.entries {
            freed += entry.tokens
            if freed >= needed { return until(entry.at, now) }
        }
        return .seconds(Int(window))  // larger than the whole limit: never fits; say a minute
    }
}

import DequeModule
import Foundation
import Synchronization

/// Requests per minute, tokens per minute and parallel requests of keys and teams, counted in
/// memory over sliding 60-second windows. Admission checks every scope of a request and counts
/// it in all of them in one step under one lock, so concurrent requests cannot slip past a cap.
/// Tokens are estimated at admission and replaced by the real usage when the request settles.
final class UsageLimiter: RateLimiting {
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
        /// Counted in a shared store: the bucket it was counted in, under the scopes' store keys.
        var shared: (bucket: Int64, scopes: [String], estimate: Int)? = nil
    }

    private let windows = Mutex<(next: UInt64, byScope: [GovernanceScope: Window])>((0, [:]))
    private let length = Mutex<TimeInterval>(60)

    /// The sliding window's length (`governance.rate_limit_window_ms`); a minute by default.
    var window: TimeInterval {
        get { length.withLock { $0 } }
        set { length.withLock { $0 = newValue } }
    }

    func admit(_ scopes: [(GovernanceScope, UsageLimits)], tokens: Int, now: Date) async -> Result<(Ticket, RateLimitStatus), AdmissionDenial> {
        admitNow(scopes, tokens: tokens, now: now).mapError { .rateLimited($0) }
    }

    /// Admits a request estimated at `tokens` against every scope's limits, or explains which
    /// refused it. On admission the status reports the tightest limits after counting it.
    func admitNow(_ scopes: [(GovernanceScope, UsageLimits)], tokens: Int, now: Date) -> Result<(Ticket, RateLimitStatus), RateLimitDenial> {
        let window = self.window
        let cutoff = now.addingTimeInterval(-window)
        return windows.withLock { state in
            var status = RateLimitStatus()
            // Windows are changed in place: a copy taken out of the dictionary would copy its
            // whole deque (a minute of requests) on every request.
            for (scope, limits) in scopes where !limits.isEmpty {
                state.byScope[scope, default: Window()].prune(before: cutoff)
                let w = state.byScope[scope]!
                if let cap = limits.maxParallelRequests, w.inFlight >= cap {
                    return .failure(RateLimitDenial(scope: scope, limit: .parallel, cap: cap, retryAfter: .seconds(1)))
                }
                if let rpm = limits.rpm, w.entries.count >= rpm {
                    let oldest = w.entries[w.entries.count - rpm].at
                    return .failure(RateLimitDenial(scope: scope, limit: .requests, cap: rpm, retryAfter: Self.until(oldest, now, window)))
                }
                if let tpm = limits.tpm, w.tokens + tokens > tpm {
                    return .failure(RateLimitDenial(scope: scope, limit: .tokens, cap: tpm,
                                                    retryAfter: Self.tokensFree(w, needed: w.tokens + tokens - tpm, now: now, window: window)))
                }
            }
            state.next += 1
            let id = state.next
            var counted: [GovernanceScope] = []
            for (scope, limits) in scopes where !limits.isEmpty {
                state.byScope[scope]!.entries.append(Entry(at: now, request: id, tokens: tokens))
                state.byScope[scope]!.tokens += tokens
                state.byScope[scope]!.inFlight += 1
                counted.append(scope)
                Self.report(state.byScope[scope]!, limits, now: now, window: window, into: &status)
            }
            return .success((Ticket(request: id, scopes: counted), status))
        }
    }

    /// Replaces the request's estimate with its real token count and ends it.
    func finish(_ ticket: Ticket, tokens: Int?) {
        windows.withLock { state in
            for scope in ticket.scopes where state.byScope[scope] != nil {
                state.byScope[scope]!.inFlight = max(0, state.byScope[scope]!.inFlight - 1)
                // The newest entries are at the end: a request settles soon after it started.
                if let tokens, let i = state.byScope[scope]!.entries.lastIndex(where: { $0.request == ticket.request }) {
                    state.byScope[scope]!.tokens += tokens - state.byScope[scope]!.entries[i].tokens
                    state.byScope[scope]!.entries[i].tokens = tokens
                }
            }
        }
    }

    /// Keeps the tighter of what is already reported and what `w` allows.
    private static func report(_ w: Window, _ limits: UsageLimits, now: Date, window: TimeInterval, into status: inout RateLimitStatus) {
        if let rpm = limits.rpm {
            let remaining = rpm - w.entries.count
            if status.requestsRemaining.map({ remaining < $0 }) ?? true {
                status.requestLimit = rpm
                status.requestsRemaining = remaining
                status.requestsReset = w.entries.first.map { until($0.at, now, window) } ?? .zero
            }
        }
        if let tpm = limits.tpm {
            let remaining = tpm - w.tokens
            if status.tokensRemaining.map({ remaining < $0 }) ?? true {
                status.tokenLimit = tpm
                status.tokensRemaining = remaining
                status.tokensReset = w.entries.first.map { until($0.at, now, window) } ?? .zero
            }
        }
    }

    /// When an entry made at `at` leaves the window.
    private static func until(_ at: Date, _ now: Date, _ window: TimeInterval) -> Duration {
        .milliseconds(max(1, Int((at.addingTimeInterval(window).timeIntervalSince(now) * 1000).rounded(.up))))
    }

    /// When enough of the window's tokens have aged out to free `needed`.
    private static func tokensFree(_ w: Window, needed: Int, now: Date, window: TimeInterval) -> Duration {
        var freed = 0
        for entry in w.entries {
            freed += entry.tokens
            if freed >= needed { return until(entry.at, now, window) }
        }
        return .seconds(Int(window))  // larger than the whole limit: never fits; say a minute
    }
}

import Foundation

/// Where rate limits are counted: this process's memory (`UsageLimiter`) or a store every
/// replica shares (`SharedUsageLimiter`).
protocol RateLimiting: Sendable {
    /// Admits a request estimated at `tokens` against every scope's limits, or says why not.
    func admit(_ scopes: [(GovernanceScope, UsageLimits)], tokens: Int, now: Date) async -> Result<(UsageLimiter.Ticket, RateLimitStatus), AdmissionDenial>

    /// Ends an admitted request, replacing its estimate with its real token count.
    func finish(_ ticket: UsageLimiter.Ticket, tokens: Int?)
}

import Foundation
import TriageSchema

/// Folds the request log's rows in a time range into a `TelemetrySummary`: the aggregation
/// both stores share, fed by whichever scans the rows (an SQLite cursor, a PostgreSQL stream).
struct TelemetrySummaryBuilder {
    /// The columns of one request the summary reads.
    struct Request {
        var time: Double
        var model: String
        var servedGroup: String?
        var deployment: String?
        var status: Int
        var latencyMs: Double?
        var costUSD: Double?
        var apiKey: String?
        var decision: String?
        var cascade: String?
        var attempts: String?
    }

    private(set) var summary: TelemetrySummary
    private let first: Double
    private let width: Double
    private let count: Int
    private var retried: [Double], fellBack: [Double], perBucket: [Double]
    private var latencies: [String: [Double]] = [:]
    private var routedCount: [String: [Double]] = [:]
    private var explored: [String: [Double]] = [:]
    private var learningCount: [String: [Double]] = [:]
    private var rewardSums: [String: [Double]] = [:], rewardCounts: [String: [Double]] = [:]

    /// Buckets over [`start`, `end`); nil when they would be more than `TelemetrySummarizer.maxBuckets`.
    init?(start: Date, end: Date, bucketSeconds: TimeInterval?) {
        let span = max(1, end.timeIntervalSince(start))
        let width = bucketSeconds ?? TelemetrySummarizer.bucketSeconds(for: span)
        guard span.isFinite, width > 0, span / width <= Double(TelemetrySummarizer.maxBuckets) else { return nil }
        let count = max(1, Int((span / width).rounded(.up)))
        summary = TelemetrySummary(start: start, end: end, bucketSeconds: width, bucketCount: count)
        (first, self.width, self.count) = (start.timeIntervalSince1970, width, count)
        (retried, fellBack, perBucket) = ([Double](repeating: 0, count: count), [Double](repeating: 0, count: count), [Double](repeating: 0, count: count))
    }

    /// Why `init` refused a range.
    static func rangeProblem(bucketSeconds: TimeInterval?, start: Date, end: Date) -> String {
        let width = bucketSeconds ?? TelemetrySummarizer.bucketSeconds(for: max(1, end.timeIntervalSince(start)))
        return "the range is too long for buckets of \(Int(width)) s (at most \(TelemetrySummarizer.maxBuckets))"
    }

    private func bucket(_ time: Double) -> Int { min(count - 1, max(0, Int((time - first) / width))) }

    private func add(_ series: inout [String: [Double]], _ key: String, _ i: Int, _ value: Double) {
        series[key, default: [Double](repeating: 0, count: count)][i] += value
    }

    mutating func add(_ r: Request) {
        let i = bucket(r.time)
        let cost = r.costUSD ?? 0
        summary.requests += 1
        summary.spendUSD += cost
        perBucket[i] += 1
        if r.status != 200 { summary.errors += 1 }
        add(&summary.requestsByModel, r.model, i, 1)
        add(&summary.spendByModel, r.model, i, cost)
        let key = r.apiKey.map { String($0.prefix(12)) } ?? "master or open"
        add(&summary.requestsByKey, key, i, 1)
        add(&summary.spendByKey, key, i, cost)
        if let deployment = r.deployment, let ms = r.latencyMs { latencies[deployment, default: []].append(ms) }
        let attempts = r.attempts.flatMap { try? JSONValue(parsing: $0) }?.objectValue
        // A failed attempt means a retry or a fallback followed (a cascade's tiers add to
        // `count` without failing).
        if !(attempts?["failures"]?.arrayValue ?? []).isEmpty { retried[i] += 1 }
        if let decision = r.decision.flatMap(LoggedRouting.init(json:)) {
            add(&routedCount, r.model, i, 1)
            if let served = r.servedGroup {
                summary.tierShare[r.model, default: [:]][served, default: [Double](repeating: 0, count: count)][i] += 1
            }
            // A learning model logs its arms' priors. Exploring: the chosen arm was not the
            // most probable one (exact with two arms and an exploration share below ½).
            if decision.prior != nil {
                add(&learningCount, r.model, i, 1)
                if decision.probability < 0.5 { add(&explored, r.model, i, 1) }
            }
            // A cascade climbing is not a fallback; a group outside the decision is.
            if r.cascade == nil, let served = r.servedGroup, served != decision.candidates[decision.arm] { fellBack[i] += 1 }
        } else if let served = r.servedGroup, served != r.model {
            fellBack[i] += 1
        }
    }

    /// One feedback value of a learning model's request made at `time`; `label` is
    /// "<routed model> · <metric>".
    mutating func addFeedback(time: Double, label: String, value: Double) {
        let i = bucket(time)
        add(&rewardSums, label, i, value)
        add(&rewardCounts, label, i, 1)
    }

    func finish() -> TelemetrySummary {
        var summary = summary
        summary.retryRate = zip(retried, perBucket).map { $1 > 0 ? $0 / $1 : 0 }
        summary.fallbackRate = zip(fellBack, perBucket).map { $1 > 0 ? $0 / $1 : 0 }
        for (model, groups) in summary.tierShare {
            let totals = routedCount[model] ?? []
            summary.tierShare[model] = groups.mapValues { counts in zip(counts, totals).map { $1 > 0 ? $0 / $1 : 0 } }
        }
        for (model, totals) in learningCount {
            let e = explored[model] ?? [Double](repeating: 0, count: count)
            summary.explorationShare[model] = zip(e, totals).map { $1 > 0 ? $0 / $1 : 0 }
        }
        summary.latency = latencies.keys.sorted().map { deployment in
            let sorted = latencies[deployment]!.sorted()
            // Nearest rank: the smallest value with at least q of the samples at or below it.
            func quantile(_ q: Double) -> Double { sorted[max(0, min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1))] }
            return .init(deployment: deployment, requests: sorted.count, p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99))
        }
        for (model, total) in rewardSums {
            summary.meanReward[model] = zip(total, rewardCounts[model]!).map { $1 > 0 ? $0 / $1 : nil }
        }
        return summary
    }
}

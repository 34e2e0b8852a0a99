import Foundation
import TriageSchema

/// Builds a `TelemetrySummary` by reading the request log's rows in a time range once.
public enum TelemetrySummarizer {
    /// The shortest round bucket (a minute, 5 or 15 minutes, an hour, 6 hours, a day, a week,
    /// then whole multiples of 30 days) that cuts `range` into at most 48 points, so a chart
    /// shows a shape whatever the range.
    public static func bucketSeconds(for range: TimeInterval) -> TimeInterval {
        if let round = [60.0, 300, 900, 3_600, 21_600, 86_400, 604_800].first(where: { range / $0 <= 48 }) { return round }
        return (range / 48 / 2_592_000).rounded(.up) * 2_592_000
    }

    /// Most buckets a summary is drawn with (a chart of more says nothing more).
    public static let maxBuckets = 1_000

    /// Summarises the log at `path`, read through a read-only connection of its own: nothing
    /// is written (a report may read a log a running gateway owns) and the gateway's own
    /// reader is never held for the scan.
    /// - Parameters:
    ///   - progress: rows read so far, every 50,000 rows, for long logs.
    public static func summarize(
        path: String, from start: Date? = nil, to end: Date? = nil, bucketSeconds: TimeInterval? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws(SQLiteError) -> TelemetrySummary {
        let db = try SQLiteConnection(path: path, readOnly: true)
        guard try db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('requests', 'feedback')") == 2 else {
            throw SQLiteError(code: 0, message: "not a Triage request log (no requests and feedback tables)", context: "open \(path)")
        }
        return try summarize(db, from: start, to: end, bucketSeconds: bucketSeconds, progress: progress)
    }

    /// The store's own file, read as `summarize(path:)` reads it.
    public static func summarize(
        _ store: SQLiteTelemetryStore, from start: Date? = nil, to end: Date? = nil, bucketSeconds: TimeInterval? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws(SQLiteError) -> TelemetrySummary {
        try summarize(path: store.path, from: start, to: end, bucketSeconds: bucketSeconds, progress: progress)
    }

    private static func summarize(
        _ db: SQLiteConnection, from start: Date?, to end: Date?, bucketSeconds: TimeInterval?, progress: (Int) -> Void
    ) throws(SQLiteError) -> TelemetrySummary {
        // The range defaults to what the log holds.
        let bounds = try db.prepare("SELECT MIN(time), MAX(time) FROM requests")
        _ = try bounds.step()
        let first = start ?? bounds.double(0).map(Date.init(timeIntervalSince1970:)) ?? Date(timeIntervalSince1970: 0)
        let last = end ?? bounds.double(1).map { Date(timeIntervalSince1970: $0 + 1) } ?? first.addingTimeInterval(3_600)
        let span = max(1, last.timeIntervalSince(first))
        let width = bucketSeconds ?? Self.bucketSeconds(for: span)
        guard span.isFinite, width > 0, span / width <= Double(Self.maxBuckets) else {
            throw SQLiteError(code: 0, message: "the range is too long for buckets of \(Int(width)) s (at most \(Self.maxBuckets))", context: "summarise")
        }
        let count = max(1, Int((span / width).rounded(.up)))
        var summary = TelemetrySummary(start: first, end: last, bucketSeconds: width, bucketCount: count)
        var retried = [Double](repeating: 0, count: count), fellBack = [Double](repeating: 0, count: count)
        var perBucket = [Double](repeating: 0, count: count)
        var latencies: [String: [Double]] = [:]
        var routedCount: [String: [Double]] = [:]
        var explored: [String: [Double]] = [:]
        var learningCount: [String: [Double]] = [:]
        func bucket(_ time: Double) -> Int { min(count - 1, max(0, Int((time - first.timeIntervalSince1970) / width))) }
        func add(_ series: inout [String: [Double]], _ key: String, _ i: Int, _ value: Double) {
            series[key, default: [Double](repeating: 0, count: count)][i] += value
        }

        let rows = try db.prepare("""
            SELECT time, model, served_group, deployment, status, latency_ms, cost_usd, api_key, decision, cascade, attempts
            FROM requests WHERE time >= ?1 AND time < ?2 ORDER BY time
            """)
        rows.bind(1, first.timeIntervalSince1970)
        rows.bind(2, last.timeIntervalSince1970)
        while try rows.step() {
            let i = bucket(rows.double(0) ?? 0)
            let model = rows.text(1) ?? ""
            let served = rows.text(2)
            let cost = rows.double(6) ?? 0
            summary.requests += 1
            summary.spendUSD += cost
            perBucket[i] += 1
            if rows.int64(4) != 200 { summary.errors += 1 }
            add(&summary.requestsByModel, model, i, 1)
            add(&summary.spendByModel, model, i, cost)
            let key = rows.text(7).map { String($0.prefix(12)) } ?? "master or open"
            add(&summary.requestsByKey, key, i, 1)
            add(&summary.spendByKey, key, i, cost)
            if let deployment = rows.text(3), let ms = rows.double(5) { latencies[deployment, default: []].append(ms) }
            let attempts = rows.text(10).flatMap { try? JSONValue(parsing: $0) }?.objectValue
            // A failed attempt means a retry or a fallback followed (a cascade's tiers add to
            // `count` without failing).
            if !(attempts?["failures"]?.arrayValue ?? []).isEmpty { retried[i] += 1 }
            let decision = rows.text(8).flatMap(LoggedRouting.init(json:))
            if let decision {
                add(&routedCount, model, i, 1)
                if let served { summary.tierShare[model, default: [:]][served, default: [Double](repeating: 0, count: count)][i] += 1 }
                // A learning model logs its arms' priors. Exploring: the chosen arm was not the
                // most probable one (exact with two arms and an exploration share below ½).
                if decision.prior != nil {
                    add(&learningCount, model, i, 1)
                    if decision.probability < 0.5 { add(&explored, model, i, 1) }
                }
                // A cascade climbing is not a fallback; a group outside the decision is.
                if rows.text(9) == nil, let served, served != decision.candidates[decision.arm] { fellBack[i] += 1 }
            } else if let served, served != model {
                fellBack[i] += 1
            }
            if summary.requests % 50_000 == 0 { progress(summary.requests) }
        }
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

        // Mean feedback per bucket and metric for the routed models that learn (their decisions carry priors).
        let feedback = try db.prepare("""
            SELECT r.time, r.model || ' · ' || f.metric, f.value FROM feedback f JOIN requests r ON r.id = f.request_id
            WHERE r.time >= ?1 AND r.time < ?2 AND r.decision LIKE '%"prior"%'
            """)
        feedback.bind(1, first.timeIntervalSince1970)
        feedback.bind(2, last.timeIntervalSince1970)
        var sums: [String: [Double]] = [:], counts: [String: [Double]] = [:]
        while try feedback.step() {
            let i = bucket(feedback.double(0) ?? 0)
            let model = feedback.text(1) ?? ""
            add(&sums, model, i, feedback.double(2) ?? 0)
            add(&counts, model, i, 1)
        }
        for (model, total) in sums {
            summary.meanReward[model] = zip(total, counts[model]!).map { $1 > 0 ? $0 / $1 : nil }
        }
        return summary
    }
}

import Synchronization

/// Counters, gauges and histograms with labels, rendered in Prometheus text format.
///
/// One lock around plain dictionaries: an update is a hash lookup and an add, far cheaper
/// than an actor hop on every request, and `/metrics` is read rarely.
public final class MetricsRegistry: Sendable {
    /// Upper bounds of latency buckets, in seconds.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private struct Family {
        var kind: Kind
        var help: String
        var series: [Labels: Series] = [:]
    }

    public enum Kind: String, Sendable { case counter, gauge, histogram }

    struct Series {
        var value: Double = 0
        var bucketCounts: [UInt64] = []
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// Label pairs in a fixed order, so the same labels always name the same series.
    public struct Labels: Hashable, Sendable {
        let pairs: [String]

        public init(_ pairs: KeyValuePairs<String, String>) {
            self.pairs = pairs.flatMap { [$0.key, $0.value] }
        }

        var rendered: String {
            guard !pairs.isEmpty else { return "" }
            var parts: [String] = []
            for i in stride(from: 0, to: pairs.count, by: 2) {
                parts.append("\(pairs[i])=\"\(MetricsRegistry.escape(pairs[i + 1]))\"")
            }
            return "{" + parts.joined(separator: ",") + "}"
        }

        func with(_ key: String, _ value: String) -> String {
            let base = rendered
            let extra = "\(key)=\"\(value)\""
            return base.isEmpty ? "{\(extra)}" : String(base.dropLast()) + ",\(extra)}"
        }
    }

    private let families = Mutex<[String: Family]>([:])
    private let order = Mutex<[String]>([])

    public init() {}

    /// Declares a metric so it appears in `/metrics` with its help text even before it moves.
    public func declare(_ name: String, _ kind: Kind, help: String) {
        families.withLock { f in
            guard f[name] == nil else { return }
            f[name] = Family(kind: kind, help: help)
            order.withLock { $0.append(name) }
        }
    }

    public func increment(_ name: String, _ labels: Labels = Labels([:]), by amount: Double = 1) {
        families.withLock { f in f[name]?.series[labels, default: Series()].value += amount }
    }

    public func set(_ name: String, _ labels: Labels = Labels([:]), to value: Double) {
        families.withLock { f in f[name]?.series[labels, default: Series()].value = value }
    }

    public func observe(_ name: String, _ labels: Labels = Labels([:]), _ value: Double) {
        families.withLock { f in
            guard f[name] != nil else { return }
            var s = f[name]!.series[labels] ?? Series(bucketCounts: [UInt64](repeating: 0, count: Self.latencyBuckets.count))
            if let i = Self.latencyBuckets.firstIndex(where: { value <= $0 }) { s.bucketCounts[i] += 1 }
            s.sum += value
            s.count += 1
            f[name]!.series[labels] = s
        }
    }

    /// The current value of a counter or gauge series (tests and the health view read it).
    public func value(_ name: String, _ labels: Labels = Labels([:])) -> Double {
        families.withLock { $0[name]?.series[labels]?.value ?? 0 }
    }

    /// Prometheus text exposition (version 0.0.4).
    public func render() -> String {
        let names = order.withLock { $0 }
        let snapshot = families.withLock { $0 }
        var out = ""
        for name in names {
            guard let family = snapshot[name] else { continue }
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.kind.rawValue)\n"
            for (labels, s) in family.series.sorted(by: { $0.key.rendered < $1.key.rendered }) {
                switch family.kind {
                case .counter, .gauge:
                    out += "\(name)\(labels.rendered) \(Self.format(s.value))\n"
                case .histogram:
                    var cumulative: UInt64 = 0
                    for (i, bound) in Self.latencyBuckets.enumerated() {
                        cumulative += s.bucketCounts[i]
                        out += "\(name)_bucket\(labels.with("le", Self.format(bound))) \(cumulative)\n"
                    }
                    out += "\(name)_bucket\(labels.with("le", "+Inf")) \(s.count)\n"
                    out += "\(name)_sum\(labels.rendered) \(Self.format(s.sum))\n"
                    out += "\(name)_count\(labels.rendered) \(s.count)\n"
                }
            }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}

/// Estimates how a new policy would have done on traffic logged under another, from the
/// logged propensities: inverse propensity scoring, its self-normalised form, and doubly
/// robust (a reward model's estimate corrected by the IPS-weighted residual of the arm played).
///
/// With w_i = π_new(a_i | x_i) / p_i:
///
///     IPS   = mean(w_i r_i)
///     SNIPS = Σ w_i r_i / Σ w_i
///     DR    = mean(Σ_a π_new(a | x_i) r̂_i(a) + w_i (r_i − r̂_i(a_i)))
///
/// Intervals use the sample variance of the per-decision terms (for SNIPS, of the
/// linearised ratio).
public enum OffPolicyEstimator {
    public static func ips(_ log: [LoggedDecision]) -> PolicyEstimate {
        summarise(log.map { weight($0) * $0.reward })
    }

    public static func selfNormalisedIPS(_ log: [LoggedDecision]) -> PolicyEstimate {
        let weights = log.map(weight)
        let total = weights.reduce(0, +)
        guard total > 0 else { return PolicyEstimate(value: 0, standardError: .infinity, samples: log.count) }
        let value = zip(weights, log).reduce(0) { $0 + $1.0 * $1.1.reward } / total
        let meanWeight = total / Double(log.count)
        let linearised = zip(weights, log).map { $0.0 * ($0.1.reward - value) / meanWeight }
        let spread = summarise(linearised)
        return PolicyEstimate(value: value, standardError: spread.standardError, samples: log.count)
    }

    public static func doublyRobust(_ log: [LoggedDecision]) -> PolicyEstimate {
        summarise(log.map { d in
            let predicted = d.predicted.flatMap { $0.count == d.target.count ? $0 : nil } ?? [Double](repeating: 0, count: d.target.count)
            var direct = 0.0
            for a in d.target.indices { direct += d.target[a] * predicted[a] }
            return direct + weight(d) * (d.reward - (predicted.indices.contains(d.arm) ? predicted[d.arm] : 0))
        })
    }

    private static func weight(_ d: LoggedDecision) -> Double {
        d.propensity > 0 && d.target.indices.contains(d.arm) ? d.target[d.arm] / d.propensity : 0
    }

    private static func summarise(_ terms: [Double]) -> PolicyEstimate {
        let n = Double(terms.count)
        guard terms.count > 1 else { return PolicyEstimate(value: terms.first ?? 0, standardError: .infinity, samples: terms.count) }
        let mean = terms.reduce(0, +) / n
        let variance = terms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return PolicyEstimate(value: mean, standardError: (variance / n).squareRoot(), samples: terms.count)
    }
}

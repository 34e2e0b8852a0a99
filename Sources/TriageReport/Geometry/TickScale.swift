import Foundation

/// An axis domain with ticks at round values: steps of 1, 2 or 5 × 10^k, about five to eight ticks
/// (Heckbert's "nice numbers", choosing among the candidate steps instead of rounding one guess).
struct TickScale: Equatable {
    var lower: Double
    var upper: Double
    var ticks: [Double]
    /// Decimal places that print every tick exactly (the step's places).
    var decimals: Int

    static let preferredTickCount = 5...8

    /// The data range `lo...hi` widened outwards to the nearest ticks, with the step that fits the
    /// range most tightly among those giving five to eight ticks.
    static func covering(_ lo: Double, _ hi: Double) -> TickScale {
        let (lo, hi) = padded(lo, hi)
        let step = candidateSteps(span: hi - lo).min { a, b in
            let sa = a.coveringScore(lo, hi), sb = b.coveringScore(lo, hi)
            return (sa.distance, sa.waste, sa.count) < (sb.distance, sb.waste, sb.count)
        }!
        let (first, last) = step.coveringIndices(lo, hi)
        let ticks = (first...last).map(step.tick)
        return TickScale(lower: ticks.first!, upper: ticks.last!, ticks: ticks, decimals: step.decimals)
    }

    /// A fixed domain `lo...hi` with the round ticks that fall inside it, nearest six of them.
    static func within(_ lo: Double, _ hi: Double) -> TickScale {
        let (lo, hi) = padded(lo, hi)
        let step = candidateSteps(span: hi - lo).min { a, b in
            let ca = a.withinCount(lo, hi), cb = b.withinCount(lo, hi)
            return (distance(ca), abs(ca - 6)) < (distance(cb), abs(cb - 6))
        }!
        let (first, last) = step.withinIndices(lo, hi)
        let ticks = first <= last ? (first...last).map(step.tick) : []
        return TickScale(lower: lo, upper: hi, ticks: ticks, decimals: step.decimals)
    }

    /// A range with no width (one value, or all values equal) becomes one with the value in the
    /// middle and zero at an end, so the point is drawn mid-axis with sensible ticks.
    ///
    /// Spans below 1e-100 count as no width too: their powers of ten leave the range of a double.
    static func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let span = hi - lo, magnitude = max(abs(lo), abs(hi))
        if span > magnitude * 1e-9, span >= 1e-100 { return (lo, hi) }
        let mid = (lo + hi) / 2
        if abs(mid) < 1e-100 { return (0, 1) }
        return mid > 0 ? (0, 2 * mid) : (2 * mid, 0)
    }

    /// How far a tick count falls outside the preferred five to eight.
    static func distance(_ count: Int) -> Int {
        count < preferredTickCount.lowerBound
            ? preferredTickCount.lowerBound - count : max(0, count - preferredTickCount.upperBound)
    }

    private static func candidateSteps(span: Double) -> [TickStep] {
        let exponent = Int(floor(log10(span)))
        return (exponent - 2...exponent + 1).flatMap { k in [1, 2, 5].map { TickStep(mantissa: $0, exponent: k) } }
    }
}

import Foundation

/// A tick step `mantissa` × 10^`exponent`. Ticks are computed as integer × mantissa scaled by a
/// power of ten, so 3 × 0.2 is exactly the double nearest 0.6 rather than 0.6000000000000001.
struct TickStep {
    var mantissa: Int
    var exponent: Int

    /// A slack that keeps 0.6 / 0.2 = 2.9999999999999996 from counting as below 3.
    private static let slack = 1e-9

    var value: Double { tick(1) }
    var decimals: Int { max(0, -exponent) }

    func tick(_ index: Int) -> Double {
        let scale = pow(10, Double(abs(exponent)))
        return exponent >= 0 ? Double(index * mantissa) * scale : Double(index * mantissa) / scale
    }

    func coveringIndices(_ lo: Double, _ hi: Double) -> (Int, Int) {
        (Int(floor(lo / value + Self.slack)), Int(ceil(hi / value - Self.slack)))
    }

    func withinIndices(_ lo: Double, _ hi: Double) -> (Int, Int) {
        (Int(ceil(lo / value - Self.slack)), Int(floor(hi / value + Self.slack)))
    }

    /// How well covering `lo...hi` with this step fits: ticks outside the preferred count, then
    /// the share of the axis left empty, then the tick count; lower is better.
    func coveringScore(_ lo: Double, _ hi: Double) -> (distance: Int, waste: Double, count: Int) {
        let (first, last) = coveringIndices(lo, hi)
        let covered = Double(last - first) * value
        return (TickScale.distance(last - first + 1), (covered - (hi - lo)) / covered, last - first + 1)
    }

    func withinCount(_ lo: Double, _ hi: Double) -> Int {
        let (first, last) = withinIndices(lo, hi)
        return last - first + 1
    }
}

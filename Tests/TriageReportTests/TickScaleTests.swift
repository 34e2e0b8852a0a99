import Foundation
import Testing

@testable import TriageReport

@Suite struct TickScaleTests {
    /// Whether `value` is 1, 2 or 5 × 10^k, allowing for the last bits of a double.
    static func isNice(_ value: Double) -> Bool {
        let k = floor(log10(value))
        let mantissa = value / pow(10, k)
        return [1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test func goldenTicksForAFractionRange() {
        let scale = TickScale.covering(0, 0.87)
        #expect(scale.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(scale.lower == 0 && scale.upper == 1 && scale.decimals == 1)
        #expect(scale.labels(.percent) == ["0%", "20%", "40%", "60%", "80%", "100%"])
    }

    @Test func goldenTicksForOtherRanges() {
        #expect(TickScale.covering(0, 100).ticks == [0, 20, 40, 60, 80, 100])
        #expect(TickScale.covering(0, 11).ticks == [0, 2, 4, 6, 8, 10, 12])
        #expect(TickScale.covering(-3.2, 4.1).ticks == [-4, -2, 0, 2, 4, 6])
        #expect(TickScale.covering(0.0012, 0.0047).ticks == [0.001, 0.002, 0.003, 0.004, 0.005])
        #expect(TickScale.covering(1200, 48_000).ticks == [0, 10_000, 20_000, 30_000, 40_000, 50_000])
        #expect(TickScale.within(0, 1).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(TickScale.within(0, 1).lower == 0 && TickScale.within(0, 1).upper == 1)
    }

    @Test(arguments: [
        (0.0, 0.87), (0, 1), (0, 7), (0, 9.5), (0, 16.1), (0.3, 0.31), (-250, 1700), (1e-6, 3.7e-6), (3, 3e9), (-5, -1),
        (0.999, 1.001), (17, 18), (0, 123_456),
    ])
    func ticksAreNiceEvenlySpacedAndCoverTheRange(lo: Double, hi: Double) {
        let scale = TickScale.covering(lo, hi)
        #expect(TickScale.preferredTickCount.contains(scale.ticks.count))
        #expect(scale.lower <= lo && scale.upper >= hi)
        let step = scale.ticks[1] - scale.ticks[0]
        #expect(Self.isNice(step))
        for (a, b) in zip(scale.ticks, scale.ticks.dropFirst()) { #expect(abs((b - a) - step) < step * 1e-9) }
        #expect(Set(scale.labels(.plain)).count == scale.ticks.count, "labels must tell neighbouring ticks apart")
    }

    @Test func aRangeWithNoWidthIsPadded() {
        #expect(TickScale.covering(0, 0).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        let positive = TickScale.covering(0.42, 0.42)
        #expect(positive.lower == 0 && positive.upper >= 0.84)
        let negative = TickScale.covering(-5, -5)
        #expect(negative.lower <= -10 && negative.upper == 0)
        let subnormal = Double.leastNonzeroMagnitude * 2048
        #expect(TickScale.covering(subnormal, 2 * subnormal).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(TickScale.within(3, 3).lower == 0 && TickScale.within(3, 3).upper == 6)
    }
}

/// Maps data values in `domain` linearly onto pixels from `start` to `end` (`end` < `start` for a
/// y axis, whose pixels grow downwards).
struct LinearScale: Equatable {
    var domain: ClosedRange<Double>
    var start: Double
    var end: Double

    func pixel(_ value: Double) -> Double {
        start + (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * (end - start)
    }

    func contains(_ value: Double) -> Bool {
        domain.contains(value)
    }
}

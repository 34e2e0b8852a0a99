/// One arm's ridge-regression statistics over d-dimensional contexts: the additive sufficient
/// statistics A = λI + Σ x xᵀ and b = Σ r x (and the count), plus A⁻¹ and θ = A⁻¹ b kept
/// current by Sherman–Morrison so a decision costs O(d²), not a solve.
///
/// Additive: statistics gathered on different replicas (or days) merge exactly by adding
/// their Σ x xᵀ, Σ r x and counts (`merged(with:)`), which is why they are what is stored.
public struct LinearArmStatistics: Sendable, Equatable {
    public let dimension: Int
    /// The ridge λ on the diagonal of A.
    public let ridge: Double
    /// Σ x xᵀ, row-major d×d (without the ridge).
    public private(set) var xx: [Double]
    /// Σ r x.
    public private(set) var rx: [Double]
    public private(set) var count: Int
    /// (λI + Σ x xᵀ)⁻¹, row-major.
    public private(set) var inverse: [Double]
    /// A⁻¹ b: the arm's reward weights.
    public private(set) var theta: [Double]

    public init(dimension: Int, ridge: Double = 1) {
        precondition(dimension > 0 && ridge > 0, "a positive dimension and ridge")
        self.dimension = dimension
        self.ridge = ridge
        xx = [Double](repeating: 0, count: dimension * dimension)
        rx = [Double](repeating: 0, count: dimension)
        count = 0
        inverse = [Double](repeating: 0, count: dimension * dimension)
        for i in 0..<dimension { inverse[i * dimension + i] = 1 / ridge }
        theta = [Double](repeating: 0, count: dimension)
    }

    /// Statistics from stored sums; A⁻¹ and θ are recomputed. Nil when the sums are not
    /// d×d and d long, or A is not positive definite (a corrupt row).
    public init?(dimension: Int, ridge: Double, xx: [Double], rx: [Double], count: Int) {
        guard dimension > 0, ridge > 0, xx.count == dimension * dimension, rx.count == dimension, count >= 0,
              xx.allSatisfy(\.isFinite), rx.allSatisfy(\.isFinite) else { return nil }
        self.init(dimension: dimension, ridge: ridge)
        self.xx = xx
        self.rx = rx
        self.count = count
        guard refresh() else { return nil }
    }

    /// Adds one observation: reward `r` for context `x`.
    public mutating func update(_ x: [Double], reward r: Double) {
        precondition(x.count == dimension, "context of the arm's dimension")
        guard r.isFinite, x.allSatisfy(\.isFinite) else { return }
        let d = dimension
        for i in 0..<d {
            rx[i] += r * x[i]
            for j in 0..<d { xx[i * d + j] += x[i] * x[j] }
        }
        count += 1
        // Sherman–Morrison: (A + x xᵀ)⁻¹ = A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x).
        let u = multiply(inverse, x)
        let denominator = 1 + dot(x, u)
        for i in 0..<d {
            for j in 0..<d { inverse[i * d + j] -= u[i] * u[j] / denominator }
        }
        theta = multiply(inverse, rx)
        // Sherman–Morrison accumulates rounding; an exact Cholesky rebuild now and then resets it.
        if count % 1_000 == 0 { _ = refresh() }
    }

    /// Corrects an observation already counted: its reward for context `x` changed by `delta`
    /// (feedback revised). Only Σrx moves; A is unchanged.
    public mutating func revise(_ x: [Double], rewardChange delta: Double) {
        guard x.count == dimension, delta.isFinite, x.allSatisfy(\.isFinite) else { return }
        for i in 0..<dimension { rx[i] += delta * x[i] }
        theta = multiply(inverse, rx)
    }

    /// θᵀx: the predicted reward (residual, when the arm models what a prior left over).
    public func mean(_ x: [Double]) -> Double { dot(theta, x) }

    /// xᵀA⁻¹x: the uncertainty of `mean(x)` (its variance up to the noise scale).
    public func variance(_ x: [Double]) -> Double { max(0, dot(x, multiply(inverse, x))) }

    /// The statistics of both, as if every observation had been seen by one arm.
    public func merged(with other: LinearArmStatistics) -> LinearArmStatistics? {
        guard other.dimension == dimension, other.ridge == ridge else { return nil }
        return LinearArmStatistics(
            dimension: dimension, ridge: ridge, xx: zip(xx, other.xx).map(+), rx: zip(rx, other.rx).map(+),
            count: count + other.count)
    }

    /// Recomputes A⁻¹ and θ from the sums by Cholesky; false when A is not positive definite.
    private mutating func refresh() -> Bool {
        let d = dimension
        var a = xx
        for i in 0..<d { a[i * d + i] += ridge }
        guard let inv = Self.choleskyInverse(a, d) else { return false }
        inverse = inv
        theta = multiply(inverse, rx)
        return true
    }

    /// The inverse of a symmetric positive-definite matrix, or nil.
    static func choleskyInverse(_ a: [Double], _ d: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = a[i * d + j]
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        // Solve L Lᵀ X = I column by column.
        var inverse = [Double](repeating: 0, count: d * d)
        var y = [Double](repeating: 0, count: d)
        for column in 0..<d {
            for i in 0..<d {
                var sum = i == column ? 1.0 : 0
                for k in 0..<i { sum -= l[i * d + k] * y[k] }
                y[i] = sum / l[i * d + i]
            }
            for i in stride(from: d - 1, through: 0, by: -1) {
                var sum = y[i]
                for k in (i + 1)..<d { sum -= l[k * d + i] * inverse[k * d + column] }
                inverse[i * d + column] = sum / l[i * d + i]
            }
        }
        return inverse
    }

    private func multiply(_ m: [Double], _ x: [Double]) -> [Double] {
        let d = dimension
        var out = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var sum = 0.0
            for j in 0..<d { sum += m[i * d + j] * x[j] }
            out[i] = sum
        }
        return out
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}

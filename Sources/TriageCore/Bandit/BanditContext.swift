/// The bandit's view of a request: a short vector built from what the router already computed.
///
///     [1,  predicted quality of each candidate (N),  the prompt's dense signals (14),
///      a 16-dimensional random ±1 projection of its hashed n-gram ids, scaled by 1/√ids]
///
/// 1 + N + 30 values (32 for two candidates): small enough that each arm's d×d statistics cost
/// microseconds, rich enough to learn where the router is wrong for this traffic.
public enum BanditContext {
    public static let projectionWidth = 16

    public static func dimension(candidates: Int) -> Int { 1 + candidates + DenseSignal.count + projectionWidth }

    public static func vector(predicted: [Double], features: PromptFeatures) -> [Double] {
        var x = [1.0]
        x.reserveCapacity(dimension(candidates: predicted.count))
        x.append(contentsOf: predicted)
        for k in 0..<DenseSignal.count { x.append(k < features.dense.count ? Double(features.dense[k]) : 0) }
        var projection = [Double](repeating: 0, count: projectionWidth)
        for id in features.ids {
            // Each id's signs come from one mix of its value: stable across processes.
            var z = UInt64(bitPattern: Int64(id)) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for k in 0..<projectionWidth { projection[k] += (z >> UInt64(k)) & 1 == 1 ? 1 : -1 }
        }
        let scale = features.ids.isEmpty ? 0 : 1 / Double(features.ids.count).squareRoot()
        x.append(contentsOf: projection.map { $0 * scale })
        return x
    }
}

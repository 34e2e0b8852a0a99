import Foundation
import TriageCore
import TriageSchema

/// Simulated embeddings: each input maps to a fixed pseudo-random unit vector, seeded by a
/// stable hash of its text (or tokens), so equal inputs give equal vectors in every process.
/// The drawn latency and the configured faults apply as they do to chat; there is no decoding
/// time. A shorter `dimensions` truncates and renormalizes, as OpenAI's shortened embeddings do.
extension SimulatedProvider: EmbeddingProvider {
    public func embed(_ request: EmbeddingRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> EmbeddingResponse {
        let deadline = ContinuousClock.now + timeout
        let s = try settings(deployment)
        let d = draw(s, prompt: "")
        let inputs = Self.keys(request.input)
        try await Self.failIfFaulted(d, s, contextWindow: Self.contextWindowFailure(inputs, deployment), deadline: deadline)
        let n = request.dimensions ?? s.embeddingDimensions
        guard n <= s.embeddingDimensions else {
            throw .badRequest(status: 400, message: "dimensions \(n) exceeds this model's \(s.embeddingDimensions)")
        }
        try await Self.sleep(d.latency, before: deadline)
        let data = inputs.enumerated().map { k, input in
            let x = Self.vector(seed: input.seed, dimensions: s.embeddingDimensions, keep: n)
            return EmbeddingResponse.Embedding(index: k, vector: request.encodingFormat == "base64" ? .base64(Self.base64(x)) : .floats(x))
        }
        return EmbeddingResponse(data: data, model: deployment.model, usage: .init(promptTokens: request.estimatedPromptTokens))
    }

    /// Each input's hash seed and estimated token count.
    private static func keys(_ input: EmbeddingRequest.Input) -> [(seed: UInt64, tokens: Int)] {
        func text(_ t: String) -> (UInt64, Int) {
            var h = StableHash(namespace: 0)
            h.combine(t.utf8)
            return (h.value, (t.utf8.count + 3) / 4)
        }
        func tokens(_ t: [Int]) -> (UInt64, Int) {
            var h = StableHash(namespace: 1)
            for token in t { withUnsafeBytes(of: UInt64(token).littleEndian) { h.combine($0) } }
            return (h.value, t.count)
        }
        switch input {
        case .text(let t): return [text(t)]
        case .texts(let ts): return ts.map(text)
        case .tokens(let t): return [tokens(t)]
        case .tokenLists(let ts): return ts.map(tokens)
        }
    }

    /// The unit vector for `seed`: `full` standard normals (a direction uniform on the sphere),
    /// the first `keep` of them, scaled to length 1.
    static func vector(seed: UInt64, dimensions full: Int, keep: Int) -> [Double] {
        var g = SplitMix64(seed: seed)
        var x = (0..<full).map { _ in
            // Box–Muller: a standard normal from two uniforms.
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &g), u2 = Double.random(in: 0..<1, using: &g)
            return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
        }
        x.removeLast(full - keep)
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? x.map { $0 / norm } : x
    }

    /// OpenAI's `base64` format: the vector's little-endian float32 bytes, base64-encoded.
    static func base64(_ x: [Double]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(x.count * 4)
        for v in x { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
    }

    /// OpenAI's limit is per input: any input longer than the context window fails the request.
    private static func contextWindowFailure(_ inputs: [(seed: UInt64, tokens: Int)], _ deployment: Deployment) -> UpstreamFailure? {
        guard let limit = deployment.limits.maxContextTokens, let longest = inputs.map(\.tokens).max(), longest > limit else { return nil }
        return .contextWindowExceeded("this model's maximum context length is \(limit) tokens; an input has about \(longest)")
    }
}

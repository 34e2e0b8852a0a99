/// Cuts a fuzz input into pieces as a network would deliver it: the first byte seeds the cut
/// lengths (1 to 64 bytes, from a SplitMix64 stream), the rest is the payload.
///
/// libFuzzer mutates the seed byte like any other, so it explores both payloads and the ways
/// they can be split (inside a UTF-8 sequence, between CR and LF, mid-field).
struct ChunkPlan {
    let payload: UnsafeBufferPointer<UInt8>
    private let seed: UInt64

    init(_ input: UnsafeBufferPointer<UInt8>) {
        seed = UInt64(input.first ?? 0)
        payload = input.isEmpty ? input : UnsafeBufferPointer(rebasing: input[1...])
    }

    /// The payload's pieces, in order; together they are the payload.
    var chunks: [UnsafeBufferPointer<UInt8>] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var out: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        while start < payload.count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let end = min(payload.count, start + 1 + Int(z % 64))
            out.append(UnsafeBufferPointer(rebasing: payload[start..<end]))
            start = end
        }
        return out
    }
}

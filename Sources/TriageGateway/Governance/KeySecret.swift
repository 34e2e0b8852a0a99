/// Virtual key secrets: `sk-triage-` and 43 base-62 characters from the system's CSPRNG
/// (256 bits), shown once at creation and stored only as their SHA-256 digest.
enum KeySecret {
    static let prefix = "sk-triage-"
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        // 43 draws of log2(62) ≈ 5.95 bits each: just over 256 bits; rejection keeps them uniform.
        var out = prefix
        while out.count < prefix.count + 43 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            guard byte < 248 else { continue }  // 248 = 4 × 62
            out.append(alphabet[Int(byte) % 62])
        }
        return out
    }

    /// The digest that names and finds the key.
    static func token(of secret: String) -> String {
        SHA256.hex(secret)
    }

    /// `sk-triage-…WXYZ`: enough to recognise a key, nothing to use.
    static func preview(of secret: String) -> String {
        prefix + "…" + secret.suffix(4)
    }

    /// Equal contents, in a time that depends only on the expected value's length.
    static func constantTimeEqual(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        for i in expected.indices {
            difference |= (i < presented.count ? presented[i] : 0) ^ expected[i]
        }
        return difference == 0
    }
}

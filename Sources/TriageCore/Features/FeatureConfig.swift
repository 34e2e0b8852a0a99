/// How a prompt becomes features; stored inside every model file, so the model is always
/// scored with the featurization it was trained on.
public struct FeatureConfig: Codable, Sendable, Equatable {
    /// The featurizer revision this configuration asks for; bumped whenever hashing,
    /// tokenisation or the dense signals change meaning.
    public static let currentVersion = 1

    public var version: Int
    /// Number of hash buckets shared by every n-gram kind.
    public var buckets: Int
    /// Word n-gram orders to emit (1 = unigrams, 2 = bigrams).
    public var wordNGrams: Int
    /// Smallest and largest character n-gram length; 0 for `maxCharNGram` disables them.
    public var minCharNGram: Int
    public var maxCharNGram: Int
    /// Upper bound on hashed ids per prompt: word n-grams first, then character n-grams.
    /// Bounds latency on long prompts; the README reports what the cap costs in APGR.
    public var maxIDs: Int

    public init(
        version: Int = FeatureConfig.currentVersion,
        buckets: Int = 1 << 17,
        wordNGrams: Int = 2,
        minCharNGram: Int = 3,
        maxCharNGram: Int = 5,
        maxIDs: Int = 1024
    ) {
        self.version = version
        self.buckets = buckets
        self.wordNGrams = wordNGrams
        self.minCharNGram = minCharNGram
        self.maxCharNGram = maxCharNGram
        self.maxIDs = maxIDs
    }

    /// Problems with this configuration, in words a user can act on; empty when valid.
    public var problems: [String] {
        var out: [String] = []
        if version != FeatureConfig.currentVersion {
            out.append("feature config version \(version) is not supported (this build reads version \(FeatureConfig.currentVersion))")
        }
        if buckets < 16 || buckets > 1 << 24 { out.append("buckets must be between 16 and 16777216, got \(buckets)") }
        if !(0...3).contains(wordNGrams) { out.append("wordNGrams must be 0 to 3, got \(wordNGrams)") }
        if maxCharNGram != 0 && !(1...8).contains(minCharNGram) { out.append("minCharNGram must be 1 to 8, got \(minCharNGram)") }
        if maxCharNGram != 0 && !(minCharNGram...8).contains(maxCharNGram) {
            out.append("maxCharNGram must be 0 or between minCharNGram and 8, got \(maxCharNGram)")
        }
        if maxIDs < 1 { out.append("maxIDs must be positive, got \(maxIDs)") }
        return out
    }
}

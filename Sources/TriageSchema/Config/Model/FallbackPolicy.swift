/// Which other groups serve a request once this group has given up (its retries are spent), by
/// the class of the last error. Fallback groups are tried in order, each with its own retries.
public struct FallbackPolicy: Sendable, Equatable {
    /// For any failure class without a list of its own.
    public var generic: [String]
    /// For rate limits; nil uses `generic`, an empty list means no fallback.
    public var rateLimit: [String]?
    /// For context-window errors; nil uses `generic`.
    public var contextWindow: [String]?
    /// For content-policy refusals; nil uses `generic`.
    public var contentPolicy: [String]?
    /// At most this many fallback groups per request, whatever the lists say.
    public var maxFallbacks: Int

    public init(
        generic: [String] = [],
        rateLimit: [String]? = nil,
        contextWindow: [String]? = nil,
        contentPolicy: [String]? = nil,
        maxFallbacks: Int = 5
    ) {
        self.generic = generic
        self.rateLimit = rateLimit
        self.contextWindow = contextWindow
        self.contentPolicy = contentPolicy
        self.maxFallbacks = maxFallbacks
    }

    /// The same policy without `groups` in any list: a cascade tier must not fall back to
    /// another tier, whose answer would skip the verifier or be paid for twice.
    public func excluding(_ groups: Set<String>) -> FallbackPolicy {
        FallbackPolicy(
            generic: generic.filter { !groups.contains($0) }, rateLimit: rateLimit?.filter { !groups.contains($0) },
            contextWindow: contextWindow?.filter { !groups.contains($0) }, contentPolicy: contentPolicy?.filter { !groups.contains($0) },
            maxFallbacks: maxFallbacks)
    }

    /// The list written for `errorClass` (nil when it defers to `generic`).
    public func list(for errorClass: FallbackErrorClass) -> [String]? {
        switch errorClass {
        case .generic: generic
        case .rateLimit: rateLimit
        case .contextWindow: contextWindow
        case .contentPolicy: contentPolicy
        }
    }

    /// The groups to try, in order, after an error of `errorClass`.
    public func groups(for errorClass: FallbackErrorClass) -> [String] {
        Array((list(for: errorClass) ?? generic).prefix(maxFallbacks))
    }

    /// Replaces the list for `errorClass`.
    public mutating func set(_ list: [String], for errorClass: FallbackErrorClass) {
        switch errorClass {
        case .generic: generic = list
        case .rateLimit: rateLimit = list
        case .contextWindow: contextWindow = list
        case .contentPolicy: contentPolicy = list
        }
    }
}

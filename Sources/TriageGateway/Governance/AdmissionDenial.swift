/// Why a virtual key's request was refused before any attempt.
enum AdmissionDenial: Error, Sendable {
    /// The key or its team may not call this model.
    case modelNotAllowed(String)
    case rateLimited(RateLimitDenial)
    /// The shared store that counts the limits could not be asked, and they fail closed.
    case storeUnavailable(String)
}

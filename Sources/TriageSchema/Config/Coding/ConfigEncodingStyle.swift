/// How much of a config the encoder writes.
public enum ConfigEncodingStyle: Sendable, Equatable {
    /// Every field, defaults included: a config that documents itself.
    case complete
    /// Only what differs from the defaults: short, what a person would write.
    case minimal
}

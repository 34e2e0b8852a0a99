/// Which kinds of personal data to look for in prompts, and what to do on a find.
public struct PIIPolicy: Sendable, Hashable {
    public var action: PIIAction
    /// The kinds looked for; the config's default is every kind.
    public var kinds: [PIIKind]

    public init(action: PIIAction, kinds: [PIIKind] = PIIKind.allCases) {
        self.action = action
        self.kinds = kinds
    }
}

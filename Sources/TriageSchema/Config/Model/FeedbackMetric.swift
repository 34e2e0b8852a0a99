/// An outcome clients may report about a request through `POST /v1/feedback`.
public struct FeedbackMetric: Sendable, Equatable {
    /// The value's type: `true`/`false`, or any number.
    public enum Kind: String, Sendable, CaseIterable {
        case boolean
        case float
    }

    /// Which direction is better, for learning and reports.
    public enum Goal: String, Sendable, CaseIterable {
        case maximize
        case minimize
    }

    public var name: String
    public var kind: Kind
    public var goal: Goal

    public init(name: String, kind: Kind = .boolean, goal: Goal = .maximize) {
        self.name = name
        self.kind = kind
        self.goal = goal
    }
}

/// One model group a routed model may send a request to, and the router head that predicts
/// how well it answers.
public struct RoutedCandidate: Sendable, Equatable {
    /// A chat model group.
    public var group: String
    /// The router head this group stands for (a model name the router was trained on, such as
    /// `gpt-4-1106-preview`); required when the routed model has a policy. A trained verifier
    /// also reads it as the name of the model that wrote the answer.
    public var head: String?

    public init(group: String, head: String? = nil) {
        self.group = group
        self.head = head
    }
}

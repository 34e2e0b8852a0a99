import Foundation
import TriageSchema

/// A group of virtual keys that share one budget, one set of rate limits and a model list.
public struct Team: Sendable, Equatable {
    public var id: String
    public var alias: String?
    /// Models the team's keys may call; empty allows all (a key's own list narrows it).
    public var models: [String]
    public var budget: Budget?
    public var budgetAnchor: Date
    public var limits: UsageLimits
    public var metadata: JSONObject
    public var createdAt: Date
}

import Foundation
import TriageSchema

/// A virtual key as the gateway keeps it: never the secret, only its SHA-256 digest (`token`),
/// which also names the key in the admin API, the ledger and logs.
public struct VirtualKey: Sendable, Equatable {
    /// SHA-256 of the secret, 64 hex digits.
    public var token: String
    /// `sk-triage-…` plus the secret's last four characters, so people can tell keys apart.
    public var preview: String
    public var alias: String?
    public var teamID: String?
    /// Model groups and routed models it may call; empty allows all.
    public var models: [String]
    public var budget: Budget?
    /// Budget periods are counted from here (the key's creation, or the last budget change).
    public var budgetAnchor: Date
    public var limits: UsageLimits
    public var expiresAt: Date?
    public var metadata: JSONObject
    public var createdAt: Date
    /// The digest of the secret that works now, when the key was regenerated (`token` stays
    /// the key's name; nil: the first secret, whose digest is `token`).
    public var secretDigest: String? = nil
    /// The previous secret's digest and until when it still works (a regeneration's grace period).
    public var previousDigest: String? = nil
    public var previousValidUntil: Date? = nil

    /// The digest of the secret that works now.
    var currentDigest: String { secretDigest ?? token }

    /// Whether a secret with digest `digest` opens this key at `now`.
    func accepts(digest: String, at now: Date) -> Bool {
        if digest == currentDigest { return true }
        guard digest == previousDigest, let until = previousValidUntil else { return false }
        return now < until
    }

    public func isExpired(at now: Date) -> Bool {
        expiresAt.map { now >= $0 } ?? false
    }
}

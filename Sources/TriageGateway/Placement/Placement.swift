import Foundation
import TriageSchema

/// Where a request may be served: the tags it carries (its own and its key's) and its regions.
///
/// Tags gate deployments in groups that use them (any deployment tagged): a request reaches
/// only deployments sharing one of its tags; an untagged one takes the group's `default_tags`,
/// and with none, reaches only untagged deployments. Regions: deployments outside the permitted
/// list are never used, except, when the key allows it, as a last resort after every permitted
/// one failed, which is audited; preferred regions are used first.
public struct Placement: Sendable, Equatable {
    public var tags: Set<String> = []
    /// In order of preference.
    public var preferredRegions: [String] = []
    /// Nil: every region.
    public var permittedRegions: Set<String>?
    /// The key allows one residency-violating hop once every permitted deployment failed.
    public var allowsResidencyViolation = false

    public init(tags: Set<String> = [], preferredRegions: [String] = [], permittedRegions: Set<String>? = nil, allowsResidencyViolation: Bool = false) {
        self.tags = tags
        self.preferredRegions = preferredRegions
        self.permittedRegions = permittedRegions
        self.allowsResidencyViolation = allowsResidencyViolation
    }

    /// Deployments of `group` this request's tags may reach.
    func tagged(_ deployments: [Deployment], group: ModelGroup) -> [Deployment] {
        guard group.deployments.contains(where: { !$0.tags.isEmpty }) else { return deployments }
        let wanted = tags.isEmpty ? Set(group.defaultTags) : tags
        guard !wanted.isEmpty else { return deployments.filter { $0.tags.isEmpty } }
        return deployments.filter { !wanted.isDisjoint(with: $0.tags) }
    }

    /// Whether a deployment in `region` may serve the request. A deployment without a region
    /// is not known to be anywhere permitted: with a permitted list it is outside.
    func permits(_ region: String?) -> Bool {
        guard let permittedRegions else { return true }
        return region.map(permittedRegions.contains) ?? false
    }

    func prefers(_ region: String?) -> Bool {
        guard !preferredRegions.isEmpty else { return true }
        return region.map(preferredRegions.contains) ?? false
    }

    /// The tags a request names, as the header and `metadata.tags` carry them: a comma list.
    static func list(_ text: Substring?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

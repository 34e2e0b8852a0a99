import Foundation
import TriageCore
import TriageSchema

/// A routed model ready to serve: its router loaded, its heads resolved, its verifier and
/// share controller built. Made when a config is loaded, so a missing file or an unknown head
/// stops start-up (or a reload) instead of failing requests.
final class RoutedModelRuntime: Sendable {
    let model: RoutedModel
    private let router: RouterModel?
    private let featurizer: PromptFeaturizer?
    /// The router head of each candidate (with a router).
    private let heads: [Int]
    let verifier: (any AnswerVerifier)?
    /// The name a verifier knows each candidate's answers by: its head, else its group.
    let answerer: [String]
    let shareControl: StrongShareControl?
    /// The contextual bandit, when the model learns from feedback.
    let bandit: BanditRuntime?

    /// - Parameter previous: the runtime this one replaces on reload; its share controller is
    ///   kept when the policy is unchanged, so a reload does not restart the warm-up.
    /// - Parameter storedArms: a learning model's arms as the store saved them, by candidate group.
    init(_ model: RoutedModel, at path: ConfigPath, previous: RoutedModelRuntime?, storedArms: [String: LinearArmStatistics] = [:]) throws(ConfigError) {
        self.model = model
        var issues: [ConfigIssue] = []
        var router: RouterModel?
        if let file = model.router {
            do {
                router = try Self.load(file, at: path / "router") { try ModelFile.load(path: $0) }
            } catch {
                issues.append(contentsOf: error.issues)
            }
        }
        var heads: [Int] = []
        if let router, model.policy != nil {
            for (i, candidate) in model.candidates.enumerated() {
                guard let head = candidate.head else {
                    issues.append(.invalid(path / "candidates" / i / "head", "is required with a policy: the router head this group stands for"))
                    continue
                }
                if let index = router.headIndex(head) {
                    heads.append(index)
                } else {
                    issues.append(.invalid(path / "candidates" / i / "head",
                        "the router \(model.router ?? "") has no head \"\(head)\"; its heads are \(router.heads.joined(separator: ", "))"))
                }
            }
        }
        var verifier: (any AnswerVerifier)?
        if let cascade = model.cascade {
            do {
                verifier = try Self.verifier(cascade.verifier, at: path / "cascade" / "verifier")
            } catch {
                issues.append(contentsOf: error.issues)
            }
        }
        guard issues.isEmpty else { throw ConfigError(issues) }
        self.router = router
        self.featurizer = router.map { PromptFeaturizer(config: $0.features) }
        self.heads = heads
        self.verifier = verifier
        self.answerer = model.candidates.map { $0.head ?? $0.group }
        if case .targetShare(let target) = model.policy {
            // The window's scores only mean the same thing under the same router, pair and settings.
            if let kept = previous?.shareControl, kept.settings == target, previous?.model.router == model.router,
               previous?.model.candidates == model.candidates {
                shareControl = kept
            } else {
                shareControl = StrongShareControl(target)
            }
        } else {
            shareControl = nil
        }
        if let learning = model.learning {
            bandit = BanditRuntime(learning, candidates: model.candidates.map(\.group), stored: storedArms, previous: previous?.bandit)
        } else {
            bandit = nil
        }
    }

    /// Reads a model file through the process-wide cache; problems come back at `path`.
    static func load<T: Sendable>(_ file: String, at path: ConfigPath, _ read: (String) throws -> T) throws(ConfigError) -> T {
        guard let resolved = ModelFileLocator.resolve(file) else {
            throw ConfigError([.invalid(path, "cannot find \(file) (relative paths are tried against the working directory and the directories above the triage executable)")])
        }
        do {
            return try ModelCache.shared.value(at: resolved, read)
        } catch {
            throw ConfigError([.invalid(path, "\(resolved): \(error)")])
        }
    }

    private static func verifier(_ name: String, at path: ConfigPath) throws(ConfigError) -> any AnswerVerifier {
        if name == CascadeSettings.heuristicVerifier { return HeuristicVerifier() }
        return try load(name, at: path) { try VerifierFileLoading.load(path: $0) }
    }

    /// Chooses a candidate for `chat`, featurizing its last user turn once.
    ///
    /// Overrides are validated by `overrideProblem` before this is called.
    func decide(_ chat: ChatCompletionRequest, config: GatewayConfig, random: RandomSource) -> RoutingDecision {
        guard let policy = model.policy, let router, let featurizer else {
            return RoutingDecision(candidate: 0)
        }
        let overridden = chat.routing.map { !$0.isEmpty } ?? false
        let features = featurizer.featurize(chat.lastUserText, turns: chat.conversationTurns)
        let logits = router.network.logits(features)
        let scores = router.scores(logits: logits)
        var decision = RoutingDecision(candidate: 0, policy: policy.kind.rawValue, predicted: heads.map { Double(scores[$0]) },
                                       overridden: overridden, features: features)
        decision.episode = chat.routing?.episodeID
        decision.heads = model.candidates.map { $0.head ?? $0.group }
        // Two-way policies compare it; every two-candidate decision logs it for replay.
        let strongWin = heads.count == 2 ? Double(router.strongWin(logits: logits, strong: heads[1], weak: heads[0])) : 0
        if heads.count == 2 { decision.strongWin = strongWin }
        if let bandit, !overridden {
            learned(&decision, bandit: bandit, policy: policy, chat: chat, config: config, random: random)
            return decision
        }
        switch policy {
        case .threshold(let configured):
            let threshold = chat.routing?.threshold ?? configured
            decision.candidate = strongWin >= threshold ? 1 : 0
            (decision.score, decision.threshold) = (strongWin, threshold)
        case .targetShare:
            let score = strongWin
            var threshold = chat.routing?.threshold ?? 0.5
            if chat.routing?.threshold != nil {
                decision.candidate = score >= threshold ? 1 : 0
            } else if let shareControl {
                let (strong, current, _) = shareControl.decide(score: score)
                decision.candidate = strong ? 1 : 0
                threshold = current
            }
            (decision.score, decision.threshold) = (score, threshold)
        case .costAware(let settings):
            let cost = expectedCosts(chat, config: config, outputTokens: settings.expectedOutputTokens)
            let lambda = chat.routing?.lambda ?? settings.lambda
            decision.candidate = CostAwareChoice.best(quality: decision.predicted, cost: cost, lambda: lambda)
            decision.score = decision.predicted[decision.candidate]
            decision.lambda = lambda
        }
        return decision
    }

    /// The bandit's decision. Under `threshold` and `cost_aware` it explores within its budget,
    /// its prior per arm being the router's predicted quality − λ · expected cost. Under
    /// `target_share` the share is a constraint the bandit must respect: its learned advantage
    /// of the strong arm, ½(1 + mean_strong − mean_weak) (which is `strong_win` before any
    /// feedback), replaces `strong_win` as the share controller's score, so learning changes
    /// which requests go strong, never how many, and it does not explore (probability 1).
    private func learned(
        _ decision: inout RoutingDecision, bandit: BanditRuntime, policy: RoutingPolicy, chat: ChatCompletionRequest,
        config: GatewayConfig, random: RandomSource
    ) {
        guard let features = decision.features else { return }
        let x = BanditContext.vector(predicted: decision.predicted, features: features)
        decision.context = x
        if case .targetShare = policy, let shareControl {
            decision.prior = decision.predicted
            let means = bandit.means(context: x, prior: decision.predicted)
            let score = 0.5 * (1 + means[1] - means[0])
            let (strong, threshold, _) = shareControl.decide(score: score)
            (decision.candidate, decision.score, decision.threshold) = (strong ? 1 : 0, score, threshold)
            return
        }
        var expectedOutput = CostAwarePolicy.defaultExpectedOutputTokens
        if case .costAware(let settings) = policy { expectedOutput = settings.expectedOutputTokens }
        let cost = expectedCosts(chat, config: config, outputTokens: expectedOutput)
        let prior = zip(decision.predicted, cost).map { $0 - bandit.settings.lambda * $1 }
        // An episode's draw comes from its id, so its arm is the same even after a restart
        // (when the remembered assignment is gone) as long as the arm probabilities are.
        let u = decision.episode.map { Double(StableHash.hash(Array($0.utf8)) >> 11) / Double(UInt64(1) << 53) }
            ?? random.with { Double.random(in: 0..<1, using: &$0) }
        let choice = bandit.choose(context: x, prior: prior, cost: cost, episode: decision.episode, uniform: u,
                                   now: Date().timeIntervalSince1970)
        decision.candidate = choice.arm
        decision.probability = choice.probability
        decision.prior = prior
        decision.score = prior[choice.arm]
        decision.lambda = bandit.settings.lambda
        decision.policy = "bandit"
    }

    /// Why the request's `triage` overrides do not apply to this routed model, if they don't.
    func overrideProblem(_ routing: RoutingOverride) -> (param: String, message: String)? {
        switch model.policy {
        case nil:
            return routing.isEmpty ? nil
                : ("triage", "'\(model.name)' is a cascade without a routing policy; 'triage.threshold' and 'triage.lambda' do not apply to it.")
        case .threshold, .targetShare:
            return routing.lambda == nil ? nil
                : ("triage.lambda", "'\(model.name)' routes by a threshold on strong_win; 'triage.lambda' applies to cost_aware policies. Use 'triage.threshold'.")
        case .costAware:
            return routing.threshold == nil ? nil
                : ("triage.threshold", "'\(model.name)' routes by cost (cost_aware); 'triage.threshold' applies to threshold policies. Use 'triage.lambda'.")
        }
    }

    /// What `chat` is expected to cost on each candidate: the group's cheapest deployment's price
    /// for the prompt's estimated tokens and `outputTokens` (or the request's `max_tokens` when smaller).
    private func expectedCosts(_ chat: ChatCompletionRequest, config: GatewayConfig, outputTokens: Int) -> [Double] {
        let output = min(chat.maxOutputTokens ?? .max, outputTokens)
        return model.candidates.map { candidate in
            config.group(named: candidate.group)?.deployments
                .map { $0.price.cost(inputTokens: chat.estimatedPromptTokens, outputTokens: output) }.min() ?? 0
        }
    }
}

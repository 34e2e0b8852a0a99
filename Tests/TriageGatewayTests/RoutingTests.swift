import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// Routed models in the request path, with the shipped router and fast simulated tiers: the
/// router's decisions, the online share controller, cascades, and their errors.
@Suite struct RoutingTests {
    static let prompts = [
        "What is the capital of France?",
        "Prove that there are infinitely many primes, and explain each step of the argument carefully.",
        "Write a Python function that merges two sorted lists in O(n) time.",
        "hi",
        "Which of these is a mammal?\nA. shark\nB. dolphin\nC. trout\nD. eel",
        "Calculate the integral of x^2 * sin(x) dx and check the result by differentiation.",
        "Summarise the causes of the First World War in three sentences.",
        "Translate 'good morning' into Spanish.",
        "Explain the difference between TCP and UDP for a network engineer.",
        "What is 17 * 23?",
    ]

    /// The gateway's test config (fast simulated tiers) with `routed` as its routed models and
    /// no retries or fallbacks, so each tier's outcome is its own.
    static func config(_ routed: [RoutedModel]? = nil, faults: [String: SimulatedFaults] = [:], extraTier: Bool = false) -> GatewayConfig {
        var c = GatewayTests.config()
        for g in c.modelGroups.indices {
            c.modelGroups[g].retry = RetryPolicy(maxRetries: 0)
            c.modelGroups[g].fallbacks = FallbackPolicy()
            // Generous timeouts: CPU-bound suites in the same process can stall timers for
            // seconds on two cores, and these tests are about routing, not timing.
            c.modelGroups[g].deployments[0].timeouts = Timeouts(total: .seconds(60), attempt: .seconds(30), ttft: .seconds(30))
            if case var .sim(s) = c.modelGroups[g].deployments[0].provider {
                s.faults = faults[c.modelGroups[g].name] ?? .none
                s.outputTokens = 12
                c.modelGroups[g].deployments[0].provider = .sim(s)
            }
        }
        if extraTier {
            var mid = c.group(named: "cheap")!
            mid.name = "mid"
            mid.deployments[0].id = "sim-mid"
            mid.deployments[0].price = Price(inputPerMillion: 1, outputPerMillion: 4)
            c.modelGroups.insert(mid, at: 1)
        }
        if let routed { c.routedModels = routed }
        return c
    }

    static let pair = [
        RoutedCandidate(group: "cheap", head: GatewayConfig.cheapHead),
        RoutedCandidate(group: "frontier", head: GatewayConfig.frontierHead),
    ]

    static func chat(_ model: String, _ prompt: String, extra: String = "") -> ByteBuffer {
        let content = String(decoding: try! JSONSerialization.data(withJSONObject: [prompt], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
        return ByteBuffer(string: #"{"model":"\#(model)","messages":[{"role":"user","content":\#(content)}]\#(extra)}"#)
    }

    /// `frontier;score=0.6213;threshold=0.5500` → ("frontier", 0.6213, 0.55).
    static func route(_ header: String?) throws -> (group: String, score: Double?, threshold: Double?) {
        let parts = try #require(header).components(separatedBy: ";")
        func value(_ key: String) -> Double? { parts.first { $0.hasPrefix(key + "=") }.flatMap { Double($0.dropFirst(key.count + 1)) } }
        return (parts[0], value("score"), value("threshold"))
    }

    static func errorBody(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try GatewayTests.object(buffer)["error"] as? [String: Any])
    }

    @Test func modelsListsTheRoutedModels() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get) { response in
                let ids = ((try GatewayTests.object(response.body)["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                #expect(ids.contains("triage/auto") && ids.contains("triage/cascade") && ids.contains("cheap"))
            }
        }
    }

    @Test func decisionsFollowTheThreshold() async throws {
        let routed = RoutedModel(name: "triage/auto", router: GatewayConfig.shippedRouter, candidates: Self.pair, policy: .threshold(0.5))
        let app = try await GatewayApplication.build(config: Self.config([routed]), port: 0)
        try await app.test(.router) { client in
            var groups: Set<String> = []
            for prompt in Self.prompts {
                try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", prompt)) { response in
                    #expect(response.status == .ok)
                    let route = try Self.route(response.headers[TriageHeaders.route])
                    let score = try #require(route.score)
                    #expect(route.threshold == 0.5)
                    #expect(route.group == (score >= 0.5 ? "frontier" : "cheap"), "score \(score) for \(prompt)")
                    #expect(response.headers[TriageHeaders.model] == "sim-" + route.group)
                    groups.insert(route.group)
                }
            }
            #expect(groups == ["cheap", "frontier"], "the shipped router sends some of these prompts each way")
            // The per-request threshold moves the decision, whatever the score.
            for (threshold, group) in [(0.0, "frontier"), (1.0, "cheap")] {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat("triage/auto", "What is the capital of France?", extra: #","triage":{"threshold":\#(threshold)}"#)) { response in
                    #expect(response.status == .ok)
                    let route = try Self.route(response.headers[TriageHeaders.route])
                    #expect(route.group == group)
                    #expect(route.threshold == threshold)
                }
            }
        }
    }

    @Test func theShareControllerBringsASkewedStreamToTarget() async throws {
        // A starting threshold of 0.99 sends almost nothing to frontier; the target is 30 %.
        let routed = RoutedModel(name: "triage/auto", router: GatewayConfig.shippedRouter, candidates: Self.pair,
                                 policy: .targetShare(StrongShareTarget(strongShare: 0.3, initialThreshold: 0.99, window: 200)))
        let metrics = GatewayMetrics()
        let app = try await GatewayApplication.build(config: Self.config([routed]), port: 0, metrics: metrics)
        let decisions = try await app.test(.router) { client in
            var decisions: [Bool] = []
            for i in 0..<700 {
                let prompt = "\(Self.prompts[i % Self.prompts.count]) (case \(i * 7919 % 1000), variant \(i))"
                let strong = try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", prompt)) { response in
                    try Self.route(response.headers[TriageHeaders.route]).group == "frontier"
                }
                decisions.append(strong)
            }
            return decisions
        }
        let early = Double(decisions.prefix(50).count { $0 }) / 50
        #expect(early < 0.1, "warm-up uses the skewed starting threshold")
        let late = decisions.suffix(400)
        let share = Double(late.count { $0 }) / Double(late.count)
        #expect(abs(share - 0.3) <= 0.02, "realised share \(share) after warm-up")
        let labels = MetricsRegistry.Labels(["routed_model": "triage/auto"])
        #expect(metrics.registry.value(GatewayMetrics.routeThreshold, labels) < 0.99, "the threshold came down")
        #expect(abs(metrics.registry.value(GatewayMetrics.routeStrongShare, labels) - 0.3) <= 0.03)
        #expect(metrics.registry.render().contains("triage_route_decisions_total{routed_model=\"triage/auto\",model_group=\"frontier\"}"))
    }

    @Test func costAwareTradesQualityForPrice() async throws {
        let routed = RoutedModel(name: "triage/value", router: GatewayConfig.shippedRouter, candidates: Self.pair,
                                 policy: .costAware(CostAwarePolicy(lambda: 0)))
        let app = try await GatewayApplication.build(config: Self.config([routed]), port: 0)
        try await app.test(.router) { client in
            for prompt in Self.prompts.prefix(4) {
                // λ = 1e9: any price difference outweighs quality, so the cheap tier always wins.
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat("triage/value", prompt, extra: #","triage":{"lambda":1000000000}"#)) { response in
                    let route = try Self.route(response.headers[TriageHeaders.route])
                #expect(route.group == "cheap")
                }
            }
            // λ = 0: quality alone; the shipped router rates its GPT-4 head above Mixtral on most prompts.
            var frontier = 0
            for prompt in Self.prompts {
                try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/value", prompt)) { response in
                    let route = try Self.route(response.headers[TriageHeaders.route])
                    #expect(route.score != nil && route.threshold == nil)
                    if route.group == "frontier" { frontier += 1 }
                }
            }
            #expect(frontier >= Self.prompts.count / 2)
        }
    }

    static func cascade(_ thresholds: [Double], three: Bool = false, policy: RoutingPolicy? = nil) -> RoutedModel {
        var candidates = Self.pair
        if three { candidates.insert(RoutedCandidate(group: "mid", head: "gpt-3.5-turbo-1106"), at: 1) }
        return RoutedModel(name: "triage/cascade", router: policy == nil ? nil : GatewayConfig.shippedRouter, candidates: candidates,
                           policy: policy, cascade: CascadeSettings(thresholds: thresholds))
    }

    @Test func aCascadeAcceptsAtTheFirstTier() async throws {
        let app = try await GatewayApplication.build(config: Self.config([Self.cascade([0])]), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.model] == "sim-cheap")
                let steps = try #require(response.headers[TriageHeaders.cascade])
                #expect(steps.hasPrefix("cheap;score=") && steps.hasSuffix(";accepted"))
                #expect(!steps.contains("frontier"))
            }
        }
    }

    @Test func aCascadeEscalatesAndCountsEveryTiersCost() async throws {
        let metrics = GatewayMetrics()
        let app = try await GatewayApplication.build(config: Self.config([Self.cascade([1])]), port: 0, metrics: metrics)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.model] == "sim-frontier")
                let steps = try #require(response.headers[TriageHeaders.cascade]).components(separatedBy: ", ")
                #expect(steps.count == 2)
                #expect(steps[0].hasPrefix("cheap;score=") && steps[0].hasSuffix(";escalated"))
                #expect(steps[1] == "frontier;final")
                #expect(response.headers[TriageHeaders.attempts] == "2")
                let cost = try #require(Double(response.headers[TriageHeaders.cost] ?? ""))
                let cheap = metrics.registry.value(GatewayMetrics.cost, .init(["model_group": "cheap", "deployment": "sim-cheap"]))
                let frontier = metrics.registry.value(GatewayMetrics.cost, .init(["model_group": "frontier", "deployment": "sim-frontier"]))
                #expect(cheap > 0 && frontier > 0)
                #expect(abs(cost - (cheap + frontier)) < 1e-8, "the header's cost is both tiers' cost")
            }
            let counted = metrics.registry.value(GatewayMetrics.cascadeTiers, .init(["routed_model": "triage/cascade", "model_group": "cheap", "outcome": "escalated"]))
            #expect(counted == 1)
        }
    }

    @Test func theShippedTrainedVerifierJudgesTheCascade() async throws {
        let routed = RoutedModel(name: "triage/cascade", candidates: Self.pair,
                                 cascade: CascadeSettings(verifier: "Models/verifier.triage", thresholds: [0.5]))
        let app = try await GatewayApplication.build(config: Self.config([routed]), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok)
                let steps = try #require(response.headers[TriageHeaders.cascade])
                let score = try #require(Double(steps.components(separatedBy: ";").first { $0.hasPrefix("score=") }?.dropFirst(6) ?? ""))
                #expect(score > 0 && score < 1, "a probability from the trained model: \(steps)")
            }
        }
    }

    @Test func aCascadeStopsAtTheLastTier() async throws {
        let app = try await GatewayApplication.build(config: Self.config([Self.cascade([1, 1], three: true)], extraTier: true), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "Explain tides.")) { response in
                #expect(response.status == .ok)
                let steps = try #require(response.headers[TriageHeaders.cascade]).components(separatedBy: ", ")
                #expect(steps.map { $0.components(separatedBy: ";").first! } == ["cheap", "mid", "frontier"])
                #expect(steps[1].hasSuffix("escalated") && steps[2] == "frontier;final")
                #expect(response.headers[TriageHeaders.model] == "sim-frontier")
            }
        }
    }

    @Test func aFailingTierEscalatesAndAFailingLastTierSalvages() async throws {
        let down = SimulatedFaults(serverError: 1)
        let cheapDown = try await GatewayApplication.build(config: Self.config([Self.cascade([0.5])], faults: ["cheap": down]), port: 0)
        try await cheapDown.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.cascade] == "cheap;failed=502, frontier;final")
            }
        }
        let frontierDown = try await GatewayApplication.build(config: Self.config([Self.cascade([1])], faults: ["frontier": down]), port: 0)
        try await frontierDown.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok, "the doubted cheap answer beats no answer")
                #expect(response.headers[TriageHeaders.model] == "sim-cheap")
                let steps = try #require(response.headers[TriageHeaders.cascade])
                #expect(steps.hasSuffix(";salvaged, frontier;failed=502"))
            }
        }
        let bothDown = try await GatewayApplication.build(config: Self.config([Self.cascade([0.5])], faults: ["cheap": down, "frontier": down]), port: 0)
        try await bothDown.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .badGateway)
                let error = try Self.errorBody(response.body)
                #expect(error["type"] as? String == "server_error")
            }
        }
    }

    @Test func aStreamedCascadeBuffersTiersAndStreamsTheAnswer() async throws {
        for (thresholds, model) in [([0.0], "sim-cheap"), ([1.0], "sim-frontier")] {
            let app = try await GatewayApplication.build(config: Self.config([Self.cascade(thresholds)]), port: 0)
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat("triage/cascade", "What is 17 * 23?", extra: #","stream":true,"stream_options":{"include_usage":true}"#)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/event-stream")
                    #expect(response.headers[TriageHeaders.model] == model)
                    #expect(response.headers[TriageHeaders.cascade]?.contains(model == "sim-cheap" ? "accepted" : "frontier;final") == true)
                    let events = String(buffer: response.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
                    #expect(events.last == "data: [DONE]")
                    let text = events.dropLast().compactMap { event -> String? in
                        let json = try? JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8)) as? [String: Any]
                        let delta = (json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                        return delta?["content"] as? String
                    }.joined()
                    #expect(text.contains("answer"), "the whole answer arrives: \(text)")
                    #expect(events.dropLast().last?.contains(#""usage":{"#) == true)
                }
            }
        }
    }

    @Test func theRouterPicksWhereTheCascadeStarts() async throws {
        let routed = Self.cascade([1], policy: .threshold(0.5))
        let app = try await GatewayApplication.build(config: Self.config([routed]), port: 0)
        try await app.test(.router) { client in
            // Routed straight to the last tier: no cascade to run.
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.chat("triage/cascade", "Explain tides.", extra: #","triage":{"threshold":0}"#)) { response in
                let route = try Self.route(response.headers[TriageHeaders.route])
                #expect(route.group == "frontier")
                #expect(response.headers[TriageHeaders.cascade] == nil)
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.chat("triage/cascade", "Explain tides.", extra: #","triage":{"threshold":1}"#)) { response in
                let route = try Self.route(response.headers[TriageHeaders.route])
                #expect(route.group == "cheap")
                #expect(response.headers[TriageHeaders.cascade]?.hasPrefix("cheap;score=") == true)
            }
        }
    }

    @Test(arguments: [
        (#","triage":{"threshold":1.5}"#, "triage.threshold"),
        (#","triage":{"treshold":0.4}"#, "triage.treshold"),
        (#","triage":"fast""#, "triage"),
        (#","triage":{"lambda":5}"#, "triage.lambda"),
        // Out of a range open above: once a trap converting its bound to Int for the message.
        (#","triage":{"lambda":-1}"#, "triage.lambda"),
    ])
    func badOverridesAreNamed400s(extra: String, param: String) async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", "hi", extra: extra)) { response in
                #expect(response.status == .badRequest)
                let error = try Self.errorBody(response.body)
                #expect(error["param"] as? String == param)
                #expect(error["type"] as? String == "invalid_request_error")
            }
        }
    }

    @Test func overridesOnAPlainGroupOrACascadeAreRefused() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            for model in ["cheap", "triage/cascade"] {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat(model, "hi", extra: #","triage":{"threshold":0.3}"#)) { response in
                    #expect(response.status == .badRequest)
                    let error = try Self.errorBody(response.body)
                #expect(error["param"] as? String == "triage")
                }
            }
        }
    }

    @Test func aRouterFileOrHeadThatIsNotThereStopsStartUp() async throws {
        var unknownHead = Self.pair
        unknownHead[1].head = "gpt-7"
        let cases: [(RoutedModel, String, String)] = [
            (RoutedModel(name: "triage/auto", router: "Models/nope.triage", candidates: Self.pair, policy: .threshold(0.5)),
             "routed_models[0].router", "cannot find Models/nope.triage"),
            (RoutedModel(name: "triage/auto", router: GatewayConfig.shippedRouter, candidates: unknownHead, policy: .threshold(0.5)),
             "routed_models[0].candidates[1].head", "no head \"gpt-7\""),
            (RoutedModel(name: "triage/auto", router: "Data/CONFIG.md", candidates: Self.pair, policy: .threshold(0.5)),
             "routed_models[0].router", "not a Triage model file"),
            (RoutedModel(name: "triage/cascade", candidates: Self.pair, cascade: CascadeSettings(verifier: "Models/none.triage", thresholds: [0.5])),
             "routed_models[0].cascade.verifier", "cannot find"),
            (RoutedModel(name: "triage/cascade", candidates: Self.pair, cascade: CascadeSettings(verifier: GatewayConfig.shippedRouter, thresholds: [0.5])),
             "routed_models[0].cascade.verifier", "not a verifier"),
        ]
        for (routed, path, message) in cases {
            do {
                _ = try await GatewayState(config: Self.config([routed]))
                Issue.record("\(path) should have been refused")
            } catch {
                let issue = try #require(error.issues.first)
                #expect(issue.path.description == path)
                #expect(issue.message.contains(message), "\(issue.message)")
            }
        }
    }

    @Test func anOverriddenRequestIsLeftOutOfTheShareWindowAndAReloadKeepsTheWindow() async throws {
        let routed = RoutedModel(name: "triage/auto", router: GatewayConfig.shippedRouter, candidates: Self.pair,
                                 policy: .targetShare(StrongShareTarget(strongShare: 0.3, initialThreshold: 0.5, window: 200)))
        let metrics = GatewayMetrics()
        let state = try await GatewayState(config: Self.config([routed]))
        let app = GatewayApplication.build(state: state, port: 0, metrics: metrics)
        let labels = MetricsRegistry.Labels(["routed_model": "triage/auto"])
        try await app.test(.router) { client in
            for i in 0..<120 {
                try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", "\(Self.prompts[i % 10]) #\(i)")) { _ in }
            }
            let threshold = metrics.registry.value(GatewayMetrics.routeThreshold, labels)
            // Forty requests that pin their own threshold move neither the window nor the threshold.
            for i in 0..<40 {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat("triage/auto", "pinned \(i)", extra: #","triage":{"threshold":0}"#)) { _ in }
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", Self.prompts[0])) { _ in }
            let after = metrics.registry.value(GatewayMetrics.routeThreshold, labels)
            #expect(abs(after - threshold) < 0.05, "one more counted request moves the threshold a little at most")
            // A reload with the same policy keeps the warmed-up window (no return to 0.5).
            var same = Self.config([routed])
            same.server.maxRequestBodyBytes += 1
            try await state.replace(with: same)
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/auto", Self.prompts[1])) { response in
                let route = try Self.route(response.headers[TriageHeaders.route])
                #expect(route.threshold != 0.5, "the controller carried over the reload")
            }
        }
    }

    @Test func tierFallbacksToOtherTiersAreCutSoTheVerifierIsNeverSkipped() async throws {
        // The default groups fall back to each other; inside the cascade that would serve an
        // unverified cheap answer when frontier fails. The salvage rule applies instead.
        var config = Self.config([Self.cascade([1])], faults: ["frontier": SimulatedFaults(serverError: 1)])
        config.modelGroups[0].fallbacks = FallbackPolicy(generic: ["frontier"])
        config.modelGroups[1].fallbacks = FallbackPolicy(generic: ["cheap"])
        let metrics = GatewayMetrics()
        let app = try await GatewayApplication.build(config: config, port: 0, metrics: metrics)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chat("triage/cascade", "What is 17 * 23?")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.fallbacks] == "0")
                #expect(response.headers[TriageHeaders.cascade]?.hasSuffix(";salvaged, frontier;failed=502") == true)
            }
            for stream in [false, true] {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: Self.chat("triage/cascade", "Explain tides.", extra: stream ? #","stream":true"# : "")) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[TriageHeaders.model] == "sim-cheap")
                    #expect(response.headers[TriageHeaders.cascade]?.contains("salvaged") == true)
                }
            }
        }
        let served = metrics.registry.value(GatewayMetrics.requests, .init(["model_group": "cheap", "deployment": "sim-cheap", "status": "200"]))
        #expect(served == 3, "each cascade counts as one request, under the group that answered")
    }

    @Test func aReloadWithABadRouterKeepsTheRunningConfig() async throws {
        let state = try await GatewayState(config: Self.config())
        var broken = Self.config()
        broken.routedModels[0].router = "Models/missing.triage"
        await #expect(throws: ConfigError.self) { try await state.replace(with: broken) }
        #expect(state.current.routedModels[0].router == GatewayConfig.shippedRouter)
        var changed = Self.config()
        changed.routedModels.removeLast()
        try await state.replace(with: changed)
        #expect(state.current.routedModels.map(\.name) == ["triage/auto"])
    }

    @Test(arguments: [
        (#"{"name":"triage/x","router":"r","candidates":[{"group":"cheap","head":"a"},{"group":"mid","head":"b"},{"group":"frontier","head":"c"}],"policy":{"kind":"threshold","threshold":0.5}}"#,
         "routed_models[0].policy.kind: threshold routes between exactly two candidates"),
        (#"{"name":"triage/x","candidates":[{"group":"cheap"},{"group":"frontier"}],"cascade":{"thresholds":[0.5,0.6]}}"#,
         "routed_models[0].cascade.thresholds: must hold 1 threshold"),
        (#"{"name":"triage/x","candidates":[{"group":"cheap"},{"group":"frontier"}],"policy":{"kind":"cheapest"}}"#,
         #"routed_models[0].policy.kind: unknown policy kind "cheapest""#),
        (#"{"name":"triage/x","candidates":[{"group":"cheap"},{"group":"frontier"}],"policy":{"kind":"cost_aware","lambda":1}}"#,
         "routed_models[0].router: is required with a policy"),
        (#"{"name":"triage/x","candidates":[{"group":"cheap"},{"group":"nope"}],"cascade":{"thresholds":[0.5]}}"#,
         #"routed_models[0].candidates[1].group: no model group named "nope""#),
        (#"{"name":"triage/x","candidates":[{"group":"cheap"},{"group":"frontier"}]}"#,
         "routed_models[0]: set a policy"),
        (#"{"name":"cheap","candidates":[{"group":"cheap"},{"group":"frontier"}],"cascade":{"thresholds":[2]}}"#,
         "routed_models[0].cascade.thresholds[0]: must be between 0 and 1"),
        (#"{"name":"triage/x","router":"r","candidates":[{"group":"cheap","head":"a"},{"group":"frontier","head":"b"}],"policy":{"kind":"target_share","strong_share":1.2,"window":10}}"#,
         "routed_models[0].policy.strong_share: must be between 0 and 1"),
    ])
    func badRoutingConfigIsNamedByPath(routed: String, message: String) throws {
        var document = try #require(JSONSerialization.jsonObject(with: Self.config(extraTier: true).jsonData(style: .minimal)) as? [String: Any])
        document["routed_models"] = [try JSONSerialization.jsonObject(with: Data(routed.utf8))]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        do {
            _ = try GatewayConfig.decode(json: Data(json.utf8))
            Issue.record("accepted: \(routed)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}

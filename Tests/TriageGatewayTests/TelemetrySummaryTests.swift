import Foundation
import Testing
import TriageGateway

/// The request log summarised for reports: golden values from a handful of hand-made rows.
@Suite struct TelemetrySummaryTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func decision(arm: Int, probability: Double, learns: Bool) -> String {
        #"{"policy":"threshold","candidates":["cheap","frontier"],"chosen":"\#(arm == 0 ? "cheap" : "frontier")","probability":\#(probability),"arm":\#(arm)\#(learns ? #","context":[1,0],"prior":[0.5,0.6]"# : "")}"#
    }

    @Test func bucketsTrafficSpendTiersRatesLatencyAndReward() async throws {
        let path = TemporaryDatabase.path("summary")
        defer { TemporaryDatabase.remove(path) }
        let store = try SQLiteTelemetryStore(path: path)
        defer { store.close() }
        let hour = 3_600.0
        let rows: [RequestRecord] = [
            // Hour 0: two plain requests (one retried, one fallen back to frontier), one routed to cheap.
            RequestRecord(id: "a", time: Self.t0, apiKey: "k1", model: "cheap", servedGroup: "cheap", deployment: "sim-cheap", status: 200,
                          latencyMs: 10, costUSD: 0.001, attempts: #"{"count":2,"failures":[{"deployment":"sim-cheap","error":"server_error"}]}"#),
            RequestRecord(id: "b", time: Self.t0.addingTimeInterval(60), model: "cheap", servedGroup: "frontier", deployment: "sim-frontier",
                          status: 200, latencyMs: 30, costUSD: 0.01, attempts: #"{"count":1,"failures":[]}"#),
            RequestRecord(id: "c", time: Self.t0.addingTimeInterval(120), model: "triage/auto", servedGroup: "cheap", deployment: "sim-cheap",
                          status: 200, latencyMs: 20, costUSD: 0.002, decision: Self.decision(arm: 0, probability: 0.9, learns: true)),
            // Hour 1: a routed request that explored (probability 0.2), and a failed one.
            RequestRecord(id: "d", time: Self.t0.addingTimeInterval(hour + 10), model: "triage/auto", servedGroup: "frontier",
                          deployment: "sim-frontier", status: 200, latencyMs: 50, costUSD: 0.02, decision: Self.decision(arm: 1, probability: 0.2, learns: true)),
            RequestRecord(id: "e", time: Self.t0.addingTimeInterval(hour + 20), model: "cheap", status: 502, latencyMs: 5),
        ]
        for row in rows { store.record(row) }
        store.flush()
        _ = try await store.recordFeedback(requestID: "c", metric: "thumbs_up", value: 1, episodeID: nil, comment: nil)
        _ = try await store.recordFeedback(requestID: "d", metric: "thumbs_up", value: 0, episodeID: nil, comment: nil)

        var reported: [Int] = []
        let s = try TelemetrySummarizer.summarize(store, from: Self.t0, to: Self.t0.addingTimeInterval(2 * hour), bucketSeconds: hour, progress: { reported.append($0) })
        #expect(s.bucketCount == 2 && s.bucketSeconds == hour)
        #expect(s.requests == 5 && s.errors == 1)
        #expect(abs(s.spendUSD - 0.033) < 1e-12)
        #expect(s.requestsByModel["cheap"] == [2, 1] && s.requestsByModel["triage/auto"] == [1, 1])
        #expect(s.spendByKey["k1"] == [0.001, 0] && s.requestsByKey["k1"] == [1, 0] && s.requestsByKey["master or open"] == [2, 2])
        #expect(s.tierShare["triage/auto"]?["cheap"] == [1, 0] && s.tierShare["triage/auto"]?["frontier"] == [0, 1])
        #expect(s.retryRate == [1.0 / 3, 0], "a failed attempt, not a cascade's tiers")
        #expect(s.fallbackRate == [1.0 / 3, 0], "b asked for cheap and frontier answered")
        #expect(s.explorationShare["triage/auto"] == [0, 1])
        #expect(s.meanReward["triage/auto · thumbs_up"] == [1, 0])
        #expect(s.latency.map(\.deployment) == ["sim-cheap", "sim-frontier"])
        #expect(s.latency.first?.p50 == 10 && s.latency.first?.p99 == 20)
        #expect(reported.isEmpty, "progress is for long logs")
    }

    @Test func anEmptyLogSummarisesToZeros() throws {
        let path = TemporaryDatabase.path("summary")
        defer { TemporaryDatabase.remove(path) }
        let store = try SQLiteTelemetryStore(path: path)
        defer { store.close() }
        let s = try TelemetrySummarizer.summarize(store)
        #expect(s.requests == 0 && s.bucketCount >= 1 && s.latency.isEmpty)
    }
}

extension TelemetrySummaryTests {
    @Test func bucketsAreRoundAndAtMost48() {
        #expect(TelemetrySummarizer.bucketSeconds(for: 600) == 60)
        #expect(TelemetrySummarizer.bucketSeconds(for: 7_200) == 300)
        #expect(TelemetrySummarizer.bucketSeconds(for: 86_400) == 3_600)
        #expect(TelemetrySummarizer.bucketSeconds(for: 30 * 86_400) == 86_400)
        #expect(TelemetrySummarizer.bucketSeconds(for: 300 * 86_400) == 604_800)
        #expect(TelemetrySummarizer.bucketSeconds(for: 5 * 365 * 86_400) == 2 * 2_592_000)
        for range in [1.0, 600, 86_400, 1e7, 1e9] { #expect(range / TelemetrySummarizer.bucketSeconds(for: range) <= 48) }
    }
}

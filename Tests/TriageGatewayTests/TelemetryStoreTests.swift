import Foundation
import Testing
@testable import TriageGateway

/// The SQLite telemetry store on real files in a temporary directory.
@Suite struct TelemetryStoreTests {
    static func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("triage.db").path
    }

    static func record(_ i: Int) -> RequestRecord {
        RequestRecord(
            id: "req-\(i)", time: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), apiKey: i % 2 == 0 ? "key-a" : nil,
            model: "triage/auto", servedGroup: "cheap", deployment: "sim-cheap", status: 200, latencyMs: 12.5, ttftMs: nil,
            promptTokens: 10 + i, completionTokens: 20, costUSD: 0.000123, features: [1, 2, 3, UInt8(i % 256)],
            prompt: nil, decision: #"{"policy":"threshold","chosen":"cheap","probability":1}"#,
            cascade: nil, attempts: "[]", episodeID: i % 3 == 0 ? "ep-\(i)" : nil)
    }

    @Test func migratesANewFileAndReopensItAsIs() throws {
        let path = Self.temporaryPath()
        do {
            let store = try SQLiteTelemetryStore(path: path)
            #expect(try store.schemaVersion() == TelemetrySchema.migrations.count)
            store.record(Self.record(1))
            store.close()
        }
        let again = try SQLiteTelemetryStore(path: path)
        #expect(try again.schemaVersion() == TelemetrySchema.migrations.count)
        #expect(try again.requestCount() == 1, "reopening keeps the rows and applies nothing twice")
        #expect(try again.integrityCheck() == ["ok"])
        again.close()
    }

    @Test func refusesADatabaseFromANewerBuild() throws {
        let path = Self.temporaryPath()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA user_version = 99", context: "test")
        do {
            _ = try SQLiteTelemetryStore(path: path)
            Issue.record("a newer schema was accepted")
        } catch {
            #expect(error.description.contains("schema version 99 is newer"))
        }
    }

    @Test func anUnwritablePathIsAClearError() {
        do {
            _ = try SQLiteTelemetryStore(path: "/proc/no-such-dir/triage.db")
            Issue.record("opened an impossible path")
        } catch {
            #expect(error.description.contains("open /proc/no-such-dir/triage.db"))
        }
    }

    @Test func everyFieldRoundTrips() async throws {
        let store = try SQLiteTelemetryStore(path: Self.temporaryPath())
        defer { store.close() }
        for i in 0..<3 { #expect(store.record(Self.record(i))) }
        store.flush()
        for i in 0..<3 {
            #expect(try await store.request(id: "req-\(i)") == Self.record(i))
        }
        #expect(try await store.request(id: "req-missing") == nil)
    }

    @Test func batchesThousandsAndFlushWaitsForThem() throws {
        let store = try SQLiteTelemetryStore(path: Self.temporaryPath(), settings: TelemetryStoreSettings(batchSize: 100))
        defer { store.close() }
        for i in 0..<2_500 { store.record(Self.record(i)) }
        store.flush()
        #expect(try store.requestCount() == 2_500)
        #expect(store.counts.written == 2_500 && store.counts.dropped == 0)
    }

    @Test func aFullQueueDropsAndCountsInsteadOfWaiting() throws {
        // A long flush interval and a large batch keep everything queued until the flush.
        let settings = TelemetryStoreSettings(capacity: 10, batchSize: 1_000, flushInterval: .seconds(60))
        let store = try SQLiteTelemetryStore(path: Self.temporaryPath(), settings: settings)
        defer { store.close() }
        let accepted = (0..<15).map { store.record(Self.record($0)) }
        #expect(accepted.count { $0 } == 10)
        #expect(store.counts.dropped == 5)
        store.flush()
        #expect(try store.requestCount() == 10)
    }

    @Test func closeWritesWhatIsQueued() throws {
        let path = Self.temporaryPath()
        let settings = TelemetryStoreSettings(batchSize: 1_000, flushInterval: .seconds(60))
        let store = try SQLiteTelemetryStore(path: path, settings: settings)
        for i in 0..<300 { store.record(Self.record(i)) }
        store.close()
        #expect(!store.record(Self.record(999)), "a closed store takes nothing")
        let reopened = try SQLiteTelemetryStore(path: path)
        #expect(try reopened.requestCount() == 300)
        reopened.close()
    }
}

extension TelemetryStoreTests {
    @Test func recordsAreWrittenWithinTheFlushIntervalWithoutAFlush() async throws {
        let store = try SQLiteTelemetryStore(path: Self.temporaryPath(), settings: TelemetryStoreSettings(flushInterval: .milliseconds(20)))
        defer { store.close() }
        store.record(Self.record(1))
        // Bounded wait: the writer commits on its own once the interval passes.
        for _ in 0..<200 where store.counts.written == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(store.counts.written == 1)
        #expect(try store.requestCount() == 1)
    }
}

import Foundation
import Testing
@testable import TriageCore

/// The `.triage` file: round trips, byte-for-byte determinism, and every way a file can be
/// damaged, each of which must end in a specific `ModelFileError`, never a crash.
@Suite struct ModelFileTests {
    /// A small model with non-zero weights and biases everywhere, so a lost tensor shows.
    static func model(kind: RouterModel.Kind = .quality, seed: UInt64 = 11) -> RouterModel {
        let features = FeatureConfig(buckets: 64, maxIDs: 512)
        let shape = NetworkShape(buckets: 64, embedding: 4, hidden: 5, heads: 3)
        var g = SplitMix64(seed: seed)
        var network = QualityNetwork(shape: shape, using: &g)
        for i in network.hidden.b.indices { network.hidden.b[i] = Float.random(in: -1...1, using: &g) }
        for i in network.output.b.indices { network.output.b[i] = Float.random(in: -1...1, using: &g) }
        let metadata = TrainingMetadata(
            command: "triage train --data \"a b.csv\" --format outcome",
            sources: ["a b.csv (outcome)", "Données/ünïcode.csv (outcome)"],
            examples: 1234,
            options: TrainingOptions(epochs: 3, learningRate: 0.0125, batchSize: 17, weightDecay: 1e-4, seed: UInt64.max),
            metrics: ["validation_auc": 0.1 + 0.2, "apgr": 0.6875]
        )
        return RouterModel(kind: kind, features: features, heads: ["local-8b", "mid-70b", "frontier-xl"], network: network, metadata: metadata)
    }

    /// Where the parts of an encoded file start.
    struct Layout {
        var headerLength: Int
        var tensorStart: Int
        var checksumStart: Int

        init(_ bytes: [UInt8]) {
            headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
            tensorStart = (16 + headerLength + 15) / 16 * 16
            checksumStart = bytes.count - 4
        }
    }

    /// A file with `header` as its JSON and the given tensor payload, with correct lengths,
    /// padding and checksum: what a buggy or hostile writer could produce.
    static func assemble(header: [UInt8], payload: [UInt8], version: UInt32 = 1) -> [UInt8] {
        var out = ModelFile.magic
        for v in [version, UInt32(header.count)] {
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
        }
        out += header
        while out.count % 16 != 0 { out.append(0) }
        out += payload
        let crc = CRC32.checksum(out)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        return out
    }

    /// The file of `model` with its header edited and the checksum recomputed.
    static func withHeader(of model: RouterModel, _ edit: (inout ModelFile.Header) -> Void) throws -> [UInt8] {
        let bytes = ModelFile.encode(model)
        let layout = Layout(bytes)
        var header = try JSONDecoder().decode(ModelFile.Header.self, from: Data(bytes[16..<16 + layout.headerLength]))
        edit(&header)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return assemble(header: [UInt8](try encoder.encode(header)), payload: Array(bytes[layout.tensorStart..<layout.checksumStart]))
    }

    /// Decodes `bytes`, expecting a `ModelFileError`; returns it for further checks.
    static func decodeError(_ bytes: [UInt8]) -> ModelFileError? {
        do {
            _ = try ModelFile.decode(bytes)
            return nil
        } catch let error as ModelFileError {
            return error
        } catch {
            Issue.record("expected a ModelFileError, got \(type(of: error)): \(error)")
            return nil
        }
    }

    // MARK: round trip and determinism

    @Test(arguments: [RouterModel.Kind.quality, .pairwise])
    func roundTripGivesAnEqualModel(kind: RouterModel.Kind) throws {
        let model = Self.model(kind: kind)
        let decoded = try ModelFile.decode(ModelFile.encode(model))
        #expect(decoded == model)
        #expect(decoded.kind == kind)
        #expect(decoded.metadata.options.seed == UInt64.max)
        #expect(decoded.metadata.metrics["validation_auc"] == 0.1 + 0.2)
        // The decoded model scores exactly like the original.
        let f = PromptFeaturizer(config: model.features).featurize("Prove that there are infinitely many primes.")
        #expect(decoded.scores(f) == model.scores(f))
        #expect(decoded.strongWin(f, strong: 2, weak: 0) == model.strongWin(f, strong: 2, weak: 0))
    }

    @Test func saveAndLoadRoundTripThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("modelfile-\(UUID().uuidString).triage").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = Self.model(kind: .pairwise)
        try ModelFile.save(model, to: path)
        #expect(try ModelFile.load(path: path) == model)
        #expect([UInt8](try #require(FileManager.default.contents(atPath: path))) == ModelFile.encode(model))
    }

    @Test func encodingIsDeterministic() throws {
        let bytes = ModelFile.encode(Self.model())
        #expect(ModelFile.encode(Self.model()) == bytes)
        // Decoding and re-encoding reproduces the bytes: no field is dropped or reordered.
        #expect(ModelFile.encode(try ModelFile.decode(bytes)) == bytes)
        // Another seed gives other weights, hence other bytes.
        #expect(ModelFile.encode(Self.model(seed: 12)) != bytes)
    }

    @Test func layoutMatchesTheDocumentedFormat() {
        let model = Self.model()
        let bytes = ModelFile.encode(model)
        let layout = Layout(bytes)
        #expect(Array(bytes[0..<8]) == Array("TRIAGE".utf8) + [0, 1])
        #expect(Array(bytes[8..<12]) == [1, 0, 0, 0])
        #expect(bytes[16] == UInt8(ascii: "{"))
        #expect(layout.tensorStart % 16 == 0)
        #expect(bytes[16 + layout.headerLength..<layout.tensorStart].allSatisfy { $0 == 0 })
        #expect(layout.checksumStart - layout.tensorStart == model.network.shape.parameterCount * 4)
        let stored = bytes[layout.checksumStart...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(stored == CRC32.checksum(Array(bytes[..<layout.checksumStart])))
        // The first tensor is the embedding table, float32 little-endian.
        let first = Float(bitPattern: bytes[layout.tensorStart..<layout.tensorStart + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        #expect(first == model.network.bag.table.values[0])
    }

    @Test func crc32MatchesABitwiseReferenceAtEveryLengthAndAlignment() {
        // The byte-at-a-time definition, against the fast path's 8-byte blocks and tail.
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return c ^ 0xFFFF_FFFF
        }
        var g = SplitMix64(seed: 5)
        let data = (0..<80).map { _ in UInt8.random(in: 0...255, using: &g) }
        for start in 0..<8 {
            for end in start...data.count {
                let slice = data[start..<end]
                let fast = Array(slice).withUnsafeBytes { CRC32.checksum($0) }
                let unaligned = data.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                #expect(fast == reference(slice) && unaligned == fast, "bytes \(start)..<\(end)")
            }
        }
    }

    // MARK: truncation

    @Test func truncationAnywhereIsReportedAsTruncated() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let cuts: [(String, Int, Int)] = [
            // (where, bytes kept, size the decoder asks for)
            ("empty file", 0, 20),
            ("inside the magic", 5, 20),
            ("inside the version", 10, 20),
            ("inside the header length", 14, 20),
            ("just into the header", 20, 16 + layout.headerLength + 4),
            ("inside the header JSON", 16 + layout.headerLength / 2, 16 + layout.headerLength + 4),
            ("inside the padding", 16 + layout.headerLength + 4, bytes.count),
            ("inside the tensors", layout.tensorStart + 10, bytes.count),
            ("just before the checksum", layout.checksumStart, bytes.count),
            ("inside the checksum", layout.checksumStart + 2, bytes.count),
        ]
        for (place, kept, expected) in cuts {
            let error = Self.decodeError(Array(bytes.prefix(kept)))
            #expect(error == .truncated(expected: expected, actual: kept), "cut \(place)")
            let text = error?.description ?? ""
            #expect(text.contains("truncated") && text.contains("\(expected)") && text.contains("found \(kept)"), "cut \(place): \(text)")
        }
    }

    @Test func everyPrefixFailsCleanly() {
        // No prefix of a valid file decodes, and none crashes the decoder.
        let bytes = ModelFile.encode(Self.model())
        for kept in stride(from: 0, to: bytes.count, by: 7) {
            guard let error = Self.decodeError(Array(bytes.prefix(kept))) else {
                Issue.record("a \(kept)-byte prefix decoded")
                continue
            }
            guard case .truncated = error else {
                Issue.record("a \(kept)-byte prefix gave \(error)")
                continue
            }
        }
    }

    // MARK: flipped bytes

    @Test func flippedByteInHeaderTextIsACorruptFile() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let header = Array(bytes[16..<16 + layout.headerLength])
        // A flip that leaves valid JSON (inside a head name), and one that breaks it (a brace).
        let inName = try #require(header.firstRange(of: Array("frontier".utf8))).lowerBound + 16
        for position in [inName, 16, 16 + layout.headerLength - 1] {
            var damaged = bytes
            damaged[position] ^= 0x01
            let error = Self.decodeError(damaged)
            #expect(error == .checksumMismatch, "flip at \(position)")
            #expect(error?.description.contains("corrupt") == true)
            #expect(error?.description.contains("checksum") == true)
        }
    }

    @Test
    func flippedDigitInHeaderShapeIsACorruptFile() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let header = Array(bytes[16..<16 + layout.headerLength])
        // "hidden":5 becomes "hidden":4; the JSON still parses, the tensor table no longer fits.
        let digit = try #require(header.firstRange(of: Array("\"hidden\":5".utf8))).upperBound - 1 + 16
        var damaged = bytes
        damaged[digit] ^= 0x01
        #expect(Self.decodeError(damaged) == .checksumMismatch)
    }

    @Test func flippedByteInTensorsIsACorruptFile() {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        for position in [layout.tensorStart, (layout.tensorStart + layout.checksumStart) / 2, layout.checksumStart - 1] {
            var damaged = bytes
            damaged[position] ^= 0x80
            let error = Self.decodeError(damaged)
            #expect(error == .checksumMismatch, "flip at \(position)")
            #expect(error?.description == "model file is corrupt: checksum mismatch")
        }
    }

    @Test func flippedByteInStoredChecksumIsACorruptFile() {
        var bytes = ModelFile.encode(Self.model())
        bytes[bytes.count - 1] ^= 0xFF
        #expect(Self.decodeError(bytes) == .checksumMismatch)
    }

    @Test func paddingByteChangedIsACorruptFile() throws {
        var bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        try #require(layout.tensorStart > 16 + layout.headerLength, "this header needs padding")
        bytes[16 + layout.headerLength] = 0x20
        #expect(Self.decodeError(bytes) == .checksumMismatch)
    }

    // MARK: magic, version, length, trailing bytes

    @Test func wrongMagicIsNotAModel() {
        var bytes = ModelFile.encode(Self.model())
        bytes[0] = UInt8(ascii: "X")
        #expect(Self.decodeError(bytes) == .notAModel)
        #expect(ModelFileError.notAModel.description.contains("not a Triage model file"))

        // Another file type entirely: a PNG signature padded past the minimum length.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 40)
        #expect(Self.decodeError(png) == .notAModel)
        // Text that happens to be long enough.
        #expect(Self.decodeError(Array("prompt,model,score\nhello,a,1\n".utf8)) == .notAModel)
    }

    @Test func unsupportedVersionNamesBothVersions() {
        var bytes = ModelFile.encode(Self.model())
        bytes[8] = 2
        let error = Self.decodeError(bytes)
        #expect(error == .unsupportedVersion(2))
        let text = error?.description ?? ""
        #expect(text.contains("version 2") && text.contains("not supported") && text.contains("reads version 1"), "\(text)")

        bytes[8] = 0
        #expect(Self.decodeError(bytes) == .unsupportedVersion(0))
    }

    @Test func hugeHeaderLengthIsTruncatedNotACrash() {
        var bytes = ModelFile.encode(Self.model())
        for i in 12..<16 { bytes[i] = 0xFF }
        let error = Self.decodeError(bytes)
        #expect(error == .truncated(expected: 16 + Int(UInt32.max) + 4, actual: bytes.count))
    }

    @Test func shorterHeaderLengthIsACorruptFile() {
        var bytes = ModelFile.encode(Self.model())
        bytes[12] &-= 3
        #expect(Self.decodeError(bytes) == .checksumMismatch)
    }

    @Test func trailingGarbageIsRejected() {
        let bytes = ModelFile.encode(Self.model())
        for extra in [[UInt8(0)], Array("garbage".utf8), [UInt8](repeating: 0xAB, count: 64)] {
            let error = Self.decodeError(bytes + extra)
            #expect(error == .trailingBytes(extra.count))
            #expect(error?.description.contains("\(extra.count) unexpected bytes") == true)
        }
    }

    // MARK: headers that disagree with themselves (checksum valid)

    @Test func headerShapeThatDisagreesWithTensorTable() throws {
        let bytes = try Self.withHeader(of: Self.model()) { $0.shape.hidden = 6 }
        let error = Self.decodeError(bytes)
        #expect(error == .invalidHeader("tensor table does not match the network shape"))
        #expect(error?.description.hasPrefix("model file header is invalid:") == true)
    }

    @Test func tensorTableThatDisagreesWithShape() throws {
        let bytes = try Self.withHeader(of: Self.model()) { h in
            h.tensors[1] = .init(name: "hidden.w", rows: h.tensors[1].cols, cols: h.tensors[1].rows)
        }
        #expect(Self.decodeError(bytes) == .invalidHeader("tensor table does not match the network shape"))
    }

    @Test func renamedTensorIsRejected() throws {
        let bytes = try Self.withHeader(of: Self.model()) { $0.tensors[0].name = "embeddings" }
        #expect(Self.decodeError(bytes) == .invalidHeader("tensor table does not match the network shape"))
    }

    @Test func shapeBucketsThatDisagreeWithFeatures() throws {
        let bytes = try Self.withHeader(of: Self.model()) { $0.shape.buckets = 128 }
        let error = Self.decodeError(bytes)
        guard case let .invalidHeader(reason) = error else {
            Issue.record("expected invalidHeader, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("network shape") && reason.contains("feature configuration"), "\(reason)")
    }

    @Test func headNamesThatDisagreeWithShape() throws {
        let missing = try Self.withHeader(of: Self.model()) { $0.heads.removeLast() }
        guard case let .invalidHeader(reason) = Self.decodeError(missing) else {
            Issue.record("expected invalidHeader for two head names on three heads")
            return
        }
        #expect(reason.contains("expected 3 distinct head names"), "\(reason)")

        let repeated = try Self.withHeader(of: Self.model()) { $0.heads[2] = $0.heads[0] }
        guard case let .invalidHeader(again) = Self.decodeError(repeated) else {
            Issue.record("expected invalidHeader for a repeated head name")
            return
        }
        #expect(again.contains("distinct head names"), "\(again)")
    }

    @Test func zeroSizedLayersAreRejected() throws {
        let bytes = try Self.withHeader(of: Self.model()) { $0.shape.hidden = 0 }
        guard case let .invalidHeader(reason) = Self.decodeError(bytes) else {
            Issue.record("expected invalidHeader for a zero-width hidden layer")
            return
        }
        #expect(reason.contains("network shape"), "\(reason)")
    }

    @Test func unsupportedFeatureConfigIsNamed() throws {
        let bytes = try Self.withHeader(of: Self.model()) { $0.features.version = 9 }
        guard case let .invalidHeader(reason) = Self.decodeError(bytes) else {
            Issue.record("expected invalidHeader for feature config version 9")
            return
        }
        #expect(reason.contains("feature config version 9 is not supported"), "\(reason)")
    }

    @Test func headerThatIsNotJSONButChecksums() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let damaged = Self.assemble(header: Array("not json".utf8), payload: Array(bytes[layout.tensorStart..<layout.checksumStart]))
        guard case .invalidHeader = Self.decodeError(damaged) else {
            Issue.record("expected invalidHeader for a non-JSON header")
            return
        }
    }

    @Test func unknownKindIsNamedInTheError() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let json = String(decoding: bytes[16..<16 + layout.headerLength], as: UTF8.self)
        let edited = json.replacingOccurrences(of: "\"kind\":\"quality\"", with: "\"kind\":\"ranking\"")
        #expect(edited != json)
        let damaged = Self.assemble(header: Array(edited.utf8), payload: Array(bytes[layout.tensorStart..<layout.checksumStart]))
        guard case let .invalidHeader(reason) = Self.decodeError(damaged) else {
            Issue.record("expected invalidHeader for kind 'ranking'")
            return
        }
        #expect(reason.contains("kind"), "\(reason)")
    }

    @Test func payloadShorterThanTheHeaderSaysIsTruncated() throws {
        let bytes = ModelFile.encode(Self.model())
        let layout = Layout(bytes)
        let damaged = Self.assemble(
            header: Array(bytes[16..<16 + layout.headerLength]),
            payload: Array(bytes[layout.tensorStart..<layout.checksumStart - 8]))
        #expect(Self.decodeError(damaged) == .truncated(expected: damaged.count + 8, actual: damaged.count))
    }

    @Test
    func overflowingTensorSizesAreRejected() throws {
        // Shape and tensor table agree, so validate() passes; 64 · 2^58 overflows Int.
        let bytes = try Self.withHeader(of: Self.model()) { h in
            h.shape.embedding = 1 << 58
            let s = h.shape
            h.tensors = [
                .init(name: "embedding", rows: s.buckets, cols: s.embedding),
                .init(name: "hidden.w", rows: s.hidden, cols: s.inputWidth),
                .init(name: "hidden.b", rows: 1, cols: s.hidden),
                .init(name: "output.w", rows: s.heads, cols: s.hidden),
                .init(name: "output.b", rows: 1, cols: s.heads),
            ]
        }
        guard case .invalidHeader = Self.decodeError(bytes) else {
            Issue.record("expected invalidHeader for tensors larger than any file")
            return
        }
    }

    @Test
    func nonFiniteMetricStillRoundTrips() throws {
        var model = Self.model()
        model.metadata.metrics["validation_auc"] = .nan
        let decoded = try ModelFile.decode(ModelFile.encode(model))
        #expect(decoded.network == model.network)
    }

    // MARK: loading from disk

    @Test func loadOfAMissingPathNamesIt() {
        let path = "/nonexistent-\(UUID().uuidString)/router.triage"
        #expect(throws: ModelFileError.unreadable(path: path, reason: "no such file")) {
            try ModelFile.load(path: path)
        }
        let text = ModelFileError.unreadable(path: path, reason: "no such file").description
        #expect(text.contains(path) && text.contains("no such file"))
    }

    @Test func loadOfADirectoryIsUnreadable() {
        let path = FileManager.default.temporaryDirectory.path
        let error = #expect(throws: ModelFileError.self) { try ModelFile.load(path: path) }
        guard case let .unreadable(p, reason)? = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(p == path)
        #expect(reason.contains("not a file"), "\(reason)")
    }

    @Test func loadOfAnEmptyFileIsTruncated() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).triage").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: ModelFileError.truncated(expected: 20, actual: 0)) { try ModelFile.load(path: path) }
    }
}

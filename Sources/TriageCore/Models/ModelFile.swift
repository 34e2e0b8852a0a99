import Foundation

/// The `.triage` model file: a versioned JSON header and raw float32 tensors, checksummed.
///
///     bytes 0..<8    magic "TRIAGE\0\u{1}"
///     8..<12         format version, UInt32 little-endian
///     12..<16        header length H, UInt32 little-endian
///     16..<16+H      header, UTF-8 JSON: kind, heads, features, shape, tensors, training
///     padding        zeros up to a multiple of 16
///     tensors        float32 little-endian, row-major, in header order
///     last 4 bytes   CRC-32 of everything before
///
/// Data/MODEL_FORMAT.md documents the header fields.
public enum ModelFile {
    public static let formatVersion = 1
    static let magic: [UInt8] = Array("TRIAGE".utf8) + [0, 1]

    struct Header: Codable {
        struct Tensor: Codable, Equatable {
            var name: String
            var rows: Int
            var cols: Int
        }

        var kind: RouterModel.Kind
        var heads: [String]
        var features: FeatureConfig
        var shape: NetworkShape
        var tensors: [Tensor]
        var training: TrainingMetadata
    }

    // Non-finite metrics (a NaN AUC from a one-class validation set) are written as strings
    // rather than making the whole header unencodable; with them, encoding cannot fail.
    static let headerEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let headerDecoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()

    /// The model's bytes; the same model always encodes to the same bytes.
    public static func encode(_ model: RouterModel) -> [UInt8] {
        let net = model.network
        let tensors: [(Header.Tensor, [Float])] = [
            (.init(name: "embedding", rows: net.bag.table.rows, cols: net.bag.table.cols), net.bag.table.values),
            (.init(name: "hidden.w", rows: net.hidden.w.rows, cols: net.hidden.w.cols), net.hidden.w.values),
            (.init(name: "hidden.b", rows: 1, cols: net.hidden.b.count), net.hidden.b),
            (.init(name: "output.w", rows: net.output.w.rows, cols: net.output.w.cols), net.output.w.values),
            (.init(name: "output.b", rows: 1, cols: net.output.b.count), net.output.b),
        ]
        let header = Header(kind: model.kind, heads: model.heads, features: model.features, shape: net.shape,
                            tensors: tensors.map(\.0), training: model.metadata)
        let json = [UInt8](try! headerEncoder.encode(header))

        var out = magic
        out.reserveCapacity(32 + json.count + net.shape.parameterCount * 4)
        append(UInt32(formatVersion), to: &out)
        append(UInt32(json.count), to: &out)
        out += json
        while out.count % 16 != 0 { out.append(0) }
        for (_, values) in tensors {
            values.withUnsafeBytes { raw in
                // Float32 in memory is little-endian on every platform Swift on Linux runs on.
                out.append(contentsOf: raw)
            }
        }
        append(CRC32.checksum(out), to: &out)
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> RouterModel {
        try bytes.withUnsafeBytes { try decode($0) }
    }

    /// Decodes in place over the file's bytes: a 10 MB model is copied once, into its tensors.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> RouterModel {
        guard bytes.count >= 20 else { throw ModelFileError.truncated(expected: 20, actual: bytes.count) }
        guard magic.indices.allSatisfy({ bytes[$0] == magic[$0] }) else { throw ModelFileError.notAModel }
        let version = Int(readUInt32(bytes, at: 8))
        guard version == formatVersion else { throw ModelFileError.unsupportedVersion(version) }
        let headerLength = Int(readUInt32(bytes, at: 12))
        guard 16 + headerLength + 4 <= bytes.count else {
            throw ModelFileError.truncated(expected: 16 + headerLength + 4, actual: bytes.count)
        }
        let json = Data(UnsafeRawBufferPointer(rebasing: bytes[16..<16 + headerLength]))
        if let kind = try? headerDecoder.decode(KindProbe.self, from: json), kind.kind == VerifierModel.kind {
            throw ModelFileError.wrongKind(found: "verifier model", expected: "router model")
        }
        let header: Header
        do {
            header = try headerDecoder.decode(Header.self, from: json)
        } catch {
            // A truncated or flipped file most often shows up here first; the checksum says which.
            if !checksumMatches(bytes) { throw ModelFileError.checksumMismatch }
            throw ModelFileError.invalidHeader("\(error)")
        }
        do {
            try validate(header)
        } catch {
            // A flipped digit can still parse; then the checksum, not the shape, is the news.
            if !checksumMatches(bytes) { throw ModelFileError.checksumMismatch }
            throw error
        }
        var offset = 16 + headerLength
        while offset % 16 != 0 { offset += 1 }
        let payload = header.tensors.reduce(0) { $0 + $1.rows * $1.cols } * 4
        let expected = offset + payload + 4
        guard bytes.count == expected else {
            if bytes.count < expected { throw ModelFileError.truncated(expected: expected, actual: bytes.count) }
            throw ModelFileError.trailingBytes(bytes.count - expected)
        }
        guard checksumMatches(bytes) else { throw ModelFileError.checksumMismatch }

        var tensors: [String: [Float]] = [:]
        for t in header.tensors {
            let count = t.rows * t.cols
            let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count * 4])
            tensors[t.name] = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = count
            }
            offset += count * 4
        }
        let s = header.shape
        let network = QualityNetwork(
            shape: s,
            bag: EmbeddingBag(table: Matrix(rows: s.buckets, cols: s.embedding, values: tensors["embedding"]!)),
            hidden: DenseLayer(w: Matrix(rows: s.hidden, cols: s.inputWidth, values: tensors["hidden.w"]!), b: tensors["hidden.b"]!),
            output: DenseLayer(w: Matrix(rows: s.heads, cols: s.hidden, values: tensors["output.w"]!), b: tensors["output.b"]!)
        )
        return RouterModel(kind: header.kind, features: header.features, heads: header.heads, network: network, metadata: header.training)
    }

    public static func load(path: String) throws -> RouterModel {
        let data = try contents(path)
        do {
            return try data.withUnsafeBytes { try decode($0) }
        } catch ModelFileError.wrongKind(let found, let expected) {
            // The other kind of model is an easy mix-up between two paths; say which file it was.
            throw ModelFileError.inFile(path: path, .wrongKind(found: found, expected: expected))
        }
    }

    /// The bytes of the file at `path`, or `unreadable` naming it.
    static func contents(_ path: String) throws(ModelFileError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw ModelFileError.unreadable(path: path, reason: reason)
        }
        return data
    }

    /// Just the `kind` of a header, read before the rest so a model of another kind is named as such.
    struct KindProbe: Decodable {
        var kind: String
    }

    /// Writes atomically (temporary file, then rename), so a crash never leaves half a model.
    public static func save(_ model: RouterModel, to path: String) throws {
        try Data(encode(model)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func validate(_ h: Header) throws {
        let problems = h.features.problems
        guard problems.isEmpty else { throw ModelFileError.invalidHeader(problems.joined(separator: "; ")) }
        let s = h.shape
        // Bounded like RouterRecipe, so sizes computed from a crafted header cannot overflow.
        guard s.buckets == h.features.buckets, (1...512).contains(s.embedding), (1...1024).contains(s.hidden),
              (1...4096).contains(s.heads), s.denseSignals == DenseSignal.count else {
            throw ModelFileError.invalidHeader("network shape \(s) does not match the feature configuration")
        }
        guard h.heads.count == s.heads, Set(h.heads).count == h.heads.count else {
            throw ModelFileError.invalidHeader("expected \(s.heads) distinct head names, found \(h.heads)")
        }
        let expected: [Header.Tensor] = [
            .init(name: "embedding", rows: s.buckets, cols: s.embedding),
            .init(name: "hidden.w", rows: s.hidden, cols: s.inputWidth),
            .init(name: "hidden.b", rows: 1, cols: s.hidden),
            .init(name: "output.w", rows: s.heads, cols: s.hidden),
            .init(name: "output.b", rows: 1, cols: s.heads),
        ]
        guard h.tensors == expected else { throw ModelFileError.invalidHeader("tensor table does not match the network shape") }
    }

    static func checksumMatches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let body = bytes.count - 4
        return CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<body])) == readUInt32(bytes, at: body)
    }

    static func append(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func readUInt32(_ bytes: UnsafeRawBufferPointer, at i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }
}

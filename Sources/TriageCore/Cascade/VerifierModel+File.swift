import Foundation

/// A verifier in the `.triage` container (magic, version, JSON header, float32 tensors, CRC-32;
/// see `ModelFile`), told apart from routers by its header's `"kind": "verifier"`.
/// Data/MODEL_FORMAT.md documents the header.
extension VerifierModel {
    struct Header: Codable {
        var kind: String
        /// Known answering models, in model-block order.
        var models: [String]
        var features: FeatureConfig
        var shape: VerifierNetwork.Shape
        var tensors: [ModelFile.Header.Tensor]
        var recipe: VerifierTrainingOptions
        var training: TrainingMetadata
    }

    /// The model's bytes; the same model always encodes to the same bytes.
    public func encode() -> [UInt8] {
        let tensors = Self.tensorTable(network.shape)
        let values = [network.table.values, network.hidden.w.values, network.hidden.b, network.output.w.values, network.output.b, network.wide]
        let header = Header(kind: Self.kind, models: models, features: features, shape: network.shape, tensors: tensors,
                            recipe: options, training: metadata)
        let json = [UInt8](try! ModelFile.headerEncoder.encode(header))
        var out = ModelFile.magic
        out.reserveCapacity(32 + json.count + network.shape.parameterCount * 4)
        ModelFile.append(UInt32(ModelFile.formatVersion), to: &out)
        ModelFile.append(UInt32(json.count), to: &out)
        out += json
        while out.count % 16 != 0 { out.append(0) }
        for v in values {
            v.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        ModelFile.append(CRC32.checksum(out), to: &out)
        return out
    }

    /// Reads a verifier from its bytes; a router's bytes fail with `wrongKind`.
    public static func decode(_ bytes: [UInt8]) throws(ModelFileError) -> VerifierModel {
        try bytes.withUnsafeBytes { raw in Result { () throws(ModelFileError) in try decode(raw) } }.get()
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(ModelFileError) -> VerifierModel {
        guard bytes.count >= 20 else { throw .truncated(expected: 20, actual: bytes.count) }
        guard ModelFile.magic.indices.allSatisfy({ bytes[$0] == ModelFile.magic[$0] }) else { throw .notAModel }
        let version = Int(ModelFile.readUInt32(bytes, at: 8))
        guard version == ModelFile.formatVersion else { throw .unsupportedVersion(version) }
        let headerLength = Int(ModelFile.readUInt32(bytes, at: 12))
        guard 16 + headerLength + 4 <= bytes.count else { throw .truncated(expected: 16 + headerLength + 4, actual: bytes.count) }
        let json = Data(UnsafeRawBufferPointer(rebasing: bytes[16..<16 + headerLength]))
        if let probe = try? ModelFile.headerDecoder.decode(ModelFile.KindProbe.self, from: json), probe.kind != kind,
           RouterModel.Kind(rawValue: probe.kind) != nil {
            throw .wrongKind(found: "router model (\(probe.kind))", expected: "verifier model")
        }
        let header: Header
        do {
            header = try ModelFile.headerDecoder.decode(Header.self, from: json)
            try validate(header)
        } catch {
            // A truncated or flipped file most often shows up here first; the checksum says which.
            if !ModelFile.checksumMatches(bytes) { throw .checksumMismatch }
            throw (error as? ModelFileError) ?? .invalidHeader("\(error)")
        }
        var offset = 16 + headerLength
        while offset % 16 != 0 { offset += 1 }
        let expected = offset + header.shape.parameterCount * 4 + 4
        guard bytes.count == expected else {
            if bytes.count < expected { throw .truncated(expected: expected, actual: bytes.count) }
            throw .trailingBytes(bytes.count - expected)
        }
        guard ModelFile.checksumMatches(bytes) else { throw .checksumMismatch }

        var values: [[Float]] = []
        for t in header.tensors {
            let count = t.rows * t.cols
            let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count * 4])
            values.append([Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = count
            })
            offset += count * 4
        }
        let s = header.shape
        let network = VerifierNetwork(
            shape: s,
            table: Matrix(rows: s.buckets, cols: s.embedding, values: values[0]),
            hidden: DenseLayer(w: Matrix(rows: s.hidden, cols: s.inputWidth, values: values[1]), b: values[2]),
            output: DenseLayer(w: Matrix(rows: 1, cols: s.hidden, values: values[3]), b: values[4]),
            wide: values[5])
        return VerifierModel(features: header.features, models: header.models, network: network, options: header.recipe, metadata: header.training)
    }

    /// Loads a verifier; every error names the file.
    public static func load(path: String) throws(ModelFileError) -> VerifierModel {
        let data = try ModelFile.contents(path)
        let result = data.withUnsafeBytes { raw in Result { () throws(ModelFileError) in try decode(raw) } }
        switch result {
        case let .success(model): return model
        case let .failure(error): throw .inFile(path: path, error)
        }
    }

    /// Writes atomically (temporary file, then rename), so a crash never leaves half a model.
    public func write(to path: String) throws(ModelFileError) {
        do {
            try Data(encode()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func tensorTable(_ s: VerifierNetwork.Shape) -> [ModelFile.Header.Tensor] {
        [
            .init(name: "embedding", rows: s.buckets, cols: s.embedding),
            .init(name: "hidden.w", rows: s.hidden, cols: s.inputWidth),
            .init(name: "hidden.b", rows: 1, cols: s.hidden),
            .init(name: "output.w", rows: 1, cols: s.hidden),
            .init(name: "output.b", rows: 1, cols: 1),
            .init(name: "wide", rows: 1, cols: s.buckets),
        ]
    }

    private static func validate(_ h: Header) throws(ModelFileError) {
        guard h.kind == kind else { throw .wrongKind(found: "'\(h.kind)' model", expected: "verifier model") }
        let problems = h.features.problems
        guard problems.isEmpty else { throw .invalidHeader(problems.joined(separator: "; ")) }
        let s = h.shape
        // Bounded like the training options, so sizes computed from a crafted header cannot overflow.
        guard s.buckets == h.features.buckets, (1...512).contains(s.embedding), (1...1024).contains(s.hidden),
              h.models.count <= 4096, s.dense == VerifierFeaturizer.denseWidth(models: h.models.count) else {
            throw .invalidHeader("network shape \(s) does not match the feature configuration and \(h.models.count) models")
        }
        guard Set(h.models).count == h.models.count else { throw .invalidHeader("model names repeat: \(h.models)") }
        guard h.tensors == tensorTable(s) else { throw .invalidHeader("tensor table does not match the network shape") }
    }
}

import Foundation
import TriageSchema

/// Gateway config files, as `triage config check` and `triage serve` read them
/// (`GatewayConfig.decode(json:)`: the JSON reader, decoding, validation, the issue list),
/// and the LiteLLM importer over the same tree. Its YAML front end (Yams) lives in the CLI
/// and is not fuzzed here; the importer proper takes the parsed tree, which JSON reaches too.
///
/// Invariants: a config that decodes encodes to JSON that decodes to an equal config, in both
/// styles; a tree writes and reads back equal; an import without issues is a valid config.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do throws(ConfigError) {
        let config = try GatewayConfig.decode(json: bytes)
        for style in [ConfigEncodingStyle.complete, .minimal] {
            let again = try? GatewayConfig.decode(json: config.jsonData(style: style))
            check(again == config, "decode(encode(config)) != config (\(style))")
        }
        _ = config.secretIssues(environment: [:])
    } catch {
        check(!error.issues.isEmpty, "a rejected config must list a problem")
        _ = error.description
    }

    guard let tree = try? ConfigTree(json: bytes) else { return 0 }
    check((try? ConfigTree(json: tree.jsonData())) == tree, "a tree changed through its JSON writer")
    guard let imported = try? LiteLLMConfigImporter().convert(tree) else { return 0 }
    for note in imported.unmapped + imported.approximations { _ = note.description }
    if imported.issues.isEmpty {
        let data = imported.config.jsonData(style: .minimal)
        let reread: GatewayConfig?
        do throws(ConfigError) {
            reread = try GatewayConfig.decode(json: data)
        } catch {
            check(false, "an import without issues does not decode:\n\(error.description)")
            reread = nil
        }
        check(reread == imported.config, "an imported config changed through its JSON")
    }
    return 0
}
